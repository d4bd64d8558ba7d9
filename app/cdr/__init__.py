"""Call detail records: read from AMI or Master.csv, interpret, write once."""
