"""File formats: reports now; JSON Resume, iCalendar and CSV later."""
