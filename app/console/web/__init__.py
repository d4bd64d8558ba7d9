"""The console's aiohttp application: sign-in, the guard every request passes, the event
stream, and the pages systems contribute."""
