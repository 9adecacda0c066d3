"""A request body over the upload limit is refused before it is read.

Django reads a multipart body whole before any view sees it (a large file into a
temporary file), and CsrfViewMiddleware reads it first, for its token: a 1 GB POST
would be read to the end by any URL, signed in or not. This handler comes first in
FILE_UPLOAD_HANDLERS and looks at the Content-Length: over UPLOAD_MAX_MB plus room
for the form's other fields, it stops at the first file, unread. The fields before
it (the CSRF token, the choices) are parsed as usual; the file is missing and
`body_too_large(request)` tells the view why. Browsers send fields in the page's
order, and the upload form puts the file last.

The proxy in front should refuse such bodies itself (docs/deploy.md): it answers
the browser properly, where a server that stops reading may look like a broken
connection to it.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

#: Room for a multipart body's other fields and boundaries next to the largest file.
FORM_ROOM = 64 * 1024


def max_body_bytes() -> int:
    return settings.UPLOAD_MAX_MB * 1024 * 1024 + FORM_ROOM


def body_too_large(request) -> bool:
    """Whether a file of this request was left unread for being over the limit."""
    return getattr(request, "body_too_large", False)


class BodySizeLimit(FileUploadHandler):
    too_large = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.too_large = content_length > max_body_bytes()

    def new_file(self, *args, **kwargs):
        if self.too_large:
            self.request.body_too_large = True
            raise StopUpload(connection_reset=True)  # read no further

    def receive_data_chunk(self, raw_data, start):
        return raw_data

    def file_complete(self, file_size):
        return None
