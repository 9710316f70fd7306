# A libzmq (pyzmq) CURVE peer for CurveInteropTest. Keys are Z85 text; payloads cross as hex, so no
# msgpack is needed here. Everything it has to say goes to stdout, one line each, flushed at once.
#
#   server SERVER_PUBLIC SERVER_SECRET ALLOWED_CLIENT_PUBLIC
#       ROUTER, curve_server, with a ZAP handler of its own that accepts only ALLOWED_CLIENT_PUBLIC.
#       Prints "PORT <n>", then "ZAP 200 <key>" / "ZAP 400 <key>" for each handshake, and echoes every
#       request: the envelope frames and the payload come back unchanged. Exits after 60 s at the latest.
#   client ENDPOINT SERVER_PUBLIC CLIENT_PUBLIC CLIENT_SECRET PAYLOAD_HEX ATTEMPTS WAIT_MS
#       DEALER, curve client; sends [8-byte id][empty][payload] and prints "REPLY <hex>" (exit 0) or, after
#       ATTEMPTS fresh connections of WAIT_MS each, "NOREPLY" (exit 3).
import sys
import threading
import time

import zmq
from zmq.utils import z85


def say(line):
    print(line, flush=True)


def zap_handler(ctx, allowed, ready):
    zap = ctx.socket(zmq.REP)
    zap.linger = 0
    zap.bind("inproc://zeromq.zap.01")
    ready.set()
    try:
        while True:
            frames = zap.recv_multipart()
            version, request_id, _domain, _address, _identity, mechanism = frames[:6]
            key = z85.encode(frames[6]).decode() if mechanism == b"CURVE" and len(frames) > 6 else ""
            ok = key == allowed
            status = b"200" if ok else b"400"
            say("ZAP %s %s" % (status.decode(), key))
            zap.send_multipart(
                [version, request_id, status, b"OK" if ok else b"key not allowed", key.encode() if ok else b"", b""])
    except zmq.ContextTerminated:
        zap.close()


def server(public, secret, allowed):
    ctx = zmq.Context()
    ready = threading.Event()
    threading.Thread(target=zap_handler, args=(ctx, allowed, ready), daemon=True).start()
    ready.wait()
    router = ctx.socket(zmq.ROUTER)
    router.linger = 0
    router.curve_server = True
    router.curve_publickey = public.encode()
    router.curve_secretkey = secret.encode()
    router.zap_domain = b"interop"
    say("PORT %d" % router.bind_to_random_port("tcp://127.0.0.1"))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if router.poll(500):
            router.send_multipart(router.recv_multipart())
    router.close()
    ctx.term()


def client(endpoint, server_public, public, secret, payload_hex, attempts, wait_ms):
    ctx = zmq.Context()
    payload = bytes.fromhex(payload_hex)
    for attempt in range(1, attempts + 1):
        # a fresh socket per attempt ("Lazy Pirate"): a connection whose handshake stalled is not reused
        dealer = ctx.socket(zmq.DEALER)
        dealer.linger = 0
        dealer.curve_serverkey = server_public.encode()
        dealer.curve_publickey = public.encode()
        dealer.curve_secretkey = secret.encode()
        dealer.connect(endpoint)
        dealer.send_multipart([attempt.to_bytes(8, "big"), b"", payload])
        if dealer.poll(wait_ms):
            frames = dealer.recv_multipart()
            say("REPLY %s" % frames[-1].hex())
            dealer.close()
            ctx.term()
            return 0
        dealer.close()
    say("NOREPLY")
    ctx.term()
    return 3


if __name__ == "__main__":
    mode, args = sys.argv[1], sys.argv[2:]
    if mode == "server":
        server(*args)
    else:
        sys.exit(client(args[0], args[1], args[2], args[3], args[4], int(args[5]), int(args[6])))
