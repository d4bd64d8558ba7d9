"""SIP phones that register with a password: room phones, staff and agent phones.

The platform owns them (a table, rendered PJSIP endpoints and voicemail boxes, a reload
of the running Asterisk); a system owns each phone's dialplan context and creates its
phones through `PhoneDirectory` (directory.py)."""
