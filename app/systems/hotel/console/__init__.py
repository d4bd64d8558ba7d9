"""The hotel's pages in the staff console: guest and room search, check-in and check-out,
and the telephone voucher (seed 002) with its list, CSV export and printable page."""
