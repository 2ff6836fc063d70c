-- Sign-in failures are counted per login and address, per login from every address ('*')
-- and per address for every login ('*'), each in a window that starts with its first
-- count. They replace the account-wide lock, which anyone knowing a login could trigger.
CREATE TABLE sign_in_counts (
    login        TEXT NOT NULL,
    client_addr  TEXT NOT NULL,
    count        INTEGER NOT NULL,
    window_start TIMESTAMP NOT NULL,
    PRIMARY KEY (login, client_addr)
);
ALTER TABLE users DROP COLUMN failed_logins;
ALTER TABLE users DROP COLUMN locked_until;
