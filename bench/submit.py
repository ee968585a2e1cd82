"""The submission POST: a child's contribution with a picture, sent over and
over by `connections` threads for `seconds` (wrk cannot follow a form's CSRF
cookie and token, so this small client does).

Each thread fetches the form once (its CSRF cookie and token), then POSTs on
one keep-alive connection. Only the POSTs are timed. A redirect (to the
thank-you page) is a success; any other status or a socket error is an error.
"""

import http.client
import io
import re
import threading
import time
import uuid

from bench.stats import Run, percentile

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
COOKIE = re.compile(r"csrftoken=([^;]+)")


def picture():
    """A 640 x 480 JPEG, about 30 kB: a photo of a drawing, roughly."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 480), "white")
    draw = ImageDraw.Draw(image)
    for i in range(0, 640, 16):
        draw.line([(i, 0), (640 - i, 480)], fill=(i % 256, 80, 200 - i % 200), width=3)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, filename, content_type, data in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def run(port, host, target, *, seconds, connections):
    """A Run for `seconds` of POSTs to target["path"] from `connections` threads."""
    image = picture()
    base_headers = {"Host": host, "X-Forwarded-Proto": "https"}
    latencies, errors, lock = [], {"status": 0, "connect": 0}, threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", target["path"], headers=base_headers)
            response = conn.getresponse()
            page = response.read().decode()
            token = TOKEN.search(page).group(1)
            cookie = COOKIE.search(response.getheader("Set-Cookie") or "").group(1)
        except (OSError, AttributeError, http.client.HTTPException):
            with lock:
                errors["connect"] += 1
            return
        fields = [
            ("csrfmiddlewaretoken", token),
            ("age_band", target["age_band"]),
            ("title", "My poster about staying safe online"),
            ("text", "Tell someone you trust if a message makes you feel worried."),
            ("consent_to_share", "on"),
        ]
        if target["needs_parent_email"]:
            fields.append(("parent_email", "parent@example.org"))
        headers = dict(
            base_headers,
            Cookie=f"csrftoken={cookie}",
            Origin=f"https://{host}",
            Referer=f"https://{host}{target['path']}",
        )
        while time.monotonic() < deadline:
            body, content_type = multipart(fields, [("images", "poster.jpg", "image/jpeg", image)])
            started = time.monotonic()
            try:
                conn.request(
                    "POST",
                    target["path"],
                    body=body,
                    headers=dict(headers, **{"Content-Type": content_type}),
                )
                response = conn.getresponse()
                response.read()
                ok = response.status in (301, 302, 303)
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                with lock:
                    errors["connect"] += 1
                continue
            elapsed = time.monotonic() - started
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors["status"] += 1
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return Run(
        requests=len(latencies),
        seconds=elapsed,
        p95_ms=percentile(latencies, 95) * 1000 if latencies else 0.0,
        errors=errors,
    )
