"""Building and finding a toolkit's printable files. (Finished by the posters work.)"""


def toolkit_downloads_build(*, page_id):
    return []


def all_toolkit_downloads_build():
    return 0


def toolkit_downloads_delete(*, page_id):
    return None
