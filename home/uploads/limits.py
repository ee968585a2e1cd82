"""A ceiling on what one request's files may take on disk.

Django reads a whole multipart body before any view runs (the CSRF check reads
``request.POST``), writing each file over 2.5 MB to a temporary file, whatever
its size. This handler, first in ``FILE_UPLOAD_HANDLERS``, lets the files of
one request take at most ``MAX_REQUEST_UPLOAD_BYTES`` in all; past that, the
rest of each file is read and thrown away, never stored. The form fields are
still read (``DATA_UPLOAD_MAX_MEMORY_SIZE`` limits those), so nothing typed is
lost, and the file that crossed the line arrives cut short: bigger than every
per-file limit (the setting must stay above them), so each form's own size
check refuses it with its own message. A proxy in front may cap bodies too.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler


class RequestUploadLimitHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.stored = 0

    def receive_data_chunk(self, raw_data, start):
        if self.stored + len(raw_data) > settings.MAX_REQUEST_UPLOAD_BYTES:
            self.stored = settings.MAX_REQUEST_UPLOAD_BYTES + 1
            return None  # later handlers never see it: nothing is written
        self.stored += len(raw_data)
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) makes the file
