"""The staff console: a web application for the people who work the PBX (operators, front
desk, admins; the call centre's agents and supervisors later). Platform code: it knows no
system; systems plug their pages in through `app.console.contract`."""
