-- One database per service (same list as infra/local/servers.sh).
-- The postgres image runs this once, when it initialises an empty data volume.
CREATE DATABASE releases;
CREATE DATABASE pricing;
CREATE DATABASE regulation;
CREATE DATABASE adoption;
