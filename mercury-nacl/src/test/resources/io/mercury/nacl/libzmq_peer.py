# A libzmq (pyzmq) CURVE peer for LibzmqCurveInteropTest, with keys it generates itself (libzmq's own
# crypto). Keys are Z85 text; one line per thing it has to say on stdout, flushed at once.
#
#   server
#       ROUTER, curve_server, no ZAP handler (every client key admitted). Prints "KEY <public>" and
#       "PORT <n>", then answers each request [payload] with [payload + b" / libzmq"]. Exits after 60 s.
#   client ENDPOINT SERVER_PUBLIC PAYLOAD
#       DEALER, curve client. Prints "KEY <public>", sends PAYLOAD, prints "REPLY <text>" and exits 0, or
#       "NOREPLY" and exits 3 after 10 s.
import sys
import time

import zmq


def say(line):
    print(line, flush=True)


def server():
    public, secret = zmq.curve_keypair()
    ctx = zmq.Context()
    router = ctx.socket(zmq.ROUTER)
    router.linger = 0
    router.curve_server = True
    router.curve_publickey = public
    router.curve_secretkey = secret
    say("KEY %s" % public.decode())
    say("PORT %d" % router.bind_to_random_port("tcp://127.0.0.1"))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if router.poll(500):
            identity, payload = router.recv_multipart()
            router.send_multipart([identity, payload + b" / libzmq"])
    router.close()
    ctx.term()


def client(endpoint, server_public, payload):
    public, secret = zmq.curve_keypair()
    ctx = zmq.Context()
    dealer = ctx.socket(zmq.DEALER)
    dealer.linger = 0
    dealer.curve_serverkey = server_public.encode()
    dealer.curve_publickey = public
    dealer.curve_secretkey = secret
    say("KEY %s" % public.decode())
    dealer.connect(endpoint)
    dealer.send(payload.encode())
    code = 3
    if dealer.poll(10000):
        say("REPLY %s" % dealer.recv().decode())
        code = 0
    else:
        say("NOREPLY")
    dealer.close()
    ctx.term()
    return code


if __name__ == "__main__":
    if sys.argv[1] == "server":
        server()
    else:
        sys.exit(client(sys.argv[2], sys.argv[3], sys.argv[4]))
