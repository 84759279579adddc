"""The one user-facing error type."""


class ZhoubaoError(Exception):
    """A problem the user can fix; `message` is one Chinese line naming problem and fix."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
