"""What every file reader shares: the error for a file that cannot be read, and sizes."""

MB = 1024 * 1024


class FileError(Exception):
    """The file cannot be read as HSDS: nothing was imported. Its argument: a Message."""
