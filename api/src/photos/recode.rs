//! Photos written afresh on the server, whatever the phone did: decoded under pixel limits
//! (a small file can declare a hundred megapixels), shrunk to the side the app sends, and
//! encoded as a new JPEG — no EXIF, no position, nothing but the pixels.

use std::io::Cursor;
use std::sync::LazyLock;

use image::{DynamicImage, ImageReader, Limits};
use tokio::sync::Semaphore;
use yinong_model::listing::{photo_sent_size, PHOTO_MAX_PIXELS};

/// JPEG quality of the photos kept: what the app's own downscaling uses.
const QUALITY: u8 = 82;
/// Decoding a photo holds its pixels (four bytes each at most) and the decoder's buffers.
const DECODE_BUDGET_BYTES: u64 = PHOTO_MAX_PIXELS * 4 + 16 * 1024 * 1024;

/// Photos being re-encoded at once: one per core, so uploads never take the CPU from the
/// rest of the server (decoding runs off the async workers).
static RECODING: LazyLock<Semaphore> = LazyLock::new(|| {
    Semaphore::new(std::thread::available_parallelism().map_or(2, |cores| cores.get()))
});

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("照片无法读取：不是完整的 JPEG、PNG 或 WebP 图片")]
    Unreadable,
    #[error("照片像素太多（{width}×{height}），请拍一张普通照片再传")]
    TooManyPixels { width: u32, height: u32 },
}

/// `bytes` as the JPEG the server keeps, decoded and encoded on a blocking thread.
pub async fn recode(bytes: Vec<u8>) -> Result<Vec<u8>, Refused> {
    let _permit = RECODING
        .acquire()
        .await
        .expect("the semaphore is never closed");
    tokio::task::spawn_blocking(move || recode_now(&bytes))
        .await
        .unwrap_or(Err(Refused::Unreadable))
}

fn recode_now(bytes: &[u8]) -> Result<Vec<u8>, Refused> {
    let reader = || {
        let mut reader = ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|_| Refused::Unreadable)?;
        let mut limits = Limits::default();
        limits.max_alloc = Some(DECODE_BUDGET_BYTES);
        reader.limits(limits);
        Ok::<_, Refused>(reader)
    };
    // The header's size first: nothing is allocated for a photo refused.
    let (width, height) = reader()?
        .into_dimensions()
        .map_err(|_| Refused::Unreadable)?;
    if u64::from(width) * u64::from(height) > PHOTO_MAX_PIXELS {
        return Err(Refused::TooManyPixels { width, height });
    }
    let decoded = reader()?.decode().map_err(|_| Refused::Unreadable)?;
    let (kept_width, kept_height) = photo_sent_size(width, height);
    let kept = if (kept_width, kept_height) == (width, height) {
        decoded
    } else {
        decoded.resize_exact(
            kept_width,
            kept_height,
            image::imageops::FilterType::Triangle,
        )
    };
    // JPEG has no transparency: a PNG's transparent parts become white, not black.
    let rgb = DynamicImage::ImageRgb8(flatten_on_white(kept));
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, QUALITY)
        .encode_image(&rgb)
        .map_err(|_| Refused::Unreadable)?;
    Ok(jpeg)
}

fn flatten_on_white(image: DynamicImage) -> image::RgbImage {
    if !image.color().has_alpha() {
        return image.into_rgb8();
    }
    let mut rgba = image.into_rgba8();
    for pixel in rgba.pixels_mut() {
        let alpha = u16::from(pixel[3]);
        for channel in 0..3 {
            let value = u16::from(pixel[channel]) * alpha + 255 * (255 - alpha);
            pixel[channel] = (value / 255) as u8;
        }
        pixel[3] = 255;
    }
    DynamicImage::ImageRgba8(rgba).into_rgb8()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(image: DynamicImage, format: image::ImageFormat) -> Vec<u8> {
        let mut bytes = Cursor::new(Vec::new());
        image.write_to(&mut bytes, format).unwrap();
        bytes.into_inner()
    }

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        encoded(
            DynamicImage::new_rgb8(width, height),
            image::ImageFormat::Jpeg,
        )
    }

    fn size_of(jpeg: &[u8]) -> (u32, u32) {
        let image = image::load_from_memory_with_format(jpeg, image::ImageFormat::Jpeg).unwrap();
        (image.width(), image.height())
    }

    #[test]
    fn large_photos_are_shrunk_to_the_apps_side() {
        let sent = jpeg(3200, 2400);
        assert_eq!(size_of(&recode_now(&sent).unwrap()), (1600, 1200));
    }

    #[test]
    fn a_small_file_declaring_too_many_pixels_is_refused_before_decoding() {
        // 10,000 × 10,000 of one colour: within the upload's byte limit, far past its pixels.
        let png = encoded(
            DynamicImage::new_luma8(10_000, 10_000),
            image::ImageFormat::Png,
        );
        assert!(
            png.len() < yinong_model::listing::PHOTO_MAX_BYTES,
            "{} bytes",
            png.len()
        );
        assert_eq!(
            recode_now(&png),
            Err(Refused::TooManyPixels {
                width: 10_000,
                height: 10_000
            })
        );
    }

    #[test]
    fn png_and_webp_become_jpeg_with_transparency_on_white() {
        let mut clear = image::RgbaImage::new(8, 8);
        clear
            .pixels_mut()
            .for_each(|p| *p = image::Rgba([0, 0, 0, 0]));
        let kept = recode_now(&encoded(
            DynamicImage::ImageRgba8(clear.clone()),
            image::ImageFormat::Png,
        ))
        .unwrap();
        let pixel = image::load_from_memory(&kept).unwrap().to_rgb8()[(4, 4)];
        assert!(pixel.0.iter().all(|&c| c > 240), "{pixel:?}");
        let webp = encoded(DynamicImage::ImageRgba8(clear), image::ImageFormat::WebP);
        assert_eq!(size_of(&recode_now(&webp).unwrap()), (8, 8));
    }

    #[test]
    fn what_is_not_an_image_is_refused() {
        assert_eq!(
            recode_now(b"\xFF\xD8\xFF\xE0 not really"),
            Err(Refused::Unreadable)
        );
        let truncated = &jpeg(64, 48)[..100];
        assert_eq!(recode_now(truncated), Err(Refused::Unreadable));
    }
}
