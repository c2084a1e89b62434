#!/usr/bin/env python3
"""Consume one Intelligence integration event with plain AMQP (no .NET), and print its JSON body.

Teams outside .NET bind their own queue to an event's exchange; this is the smallest complete example.
Needs pika (Debian: apt-get install python3-pika; elsewhere: pip install pika).

    python3 amqp_consume.py --exchange intelligence.releases.model-released
    python3 amqp_consume.py --host mq.internal --vhost intelligence --user reader --password "$READER_PASSWORD" \
        --exchange intelligence.events --timeout 300

The user needs only to read: the system's `reader` (infra/rabbitmq/users.sh) may bind queues of its own to any
intelligence.* exchange and publish nowhere. The queue here is server-named, exclusive and deleted with the connection.

Prints one line "bound <queue> to <exchange>" on stderr once the queue is bound, then the first message's body
(a MassTransit JSON envelope: the event is under "message", "messageId" is the stored event's id) on stdout, and
exits 0. Exits 2 when nothing arrived within --timeout seconds.
"""
import argparse
import json
import sys
import time

import pika


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5672)
    parser.add_argument("--vhost", default="/")
    parser.add_argument("--user", default="guest")
    parser.add_argument("--password", default="guest")
    parser.add_argument("--exchange", required=True,
                        help="e.g. intelligence.releases.model-released, or intelligence.events for every event")
    parser.add_argument("--contains", default=None,
                        help="skip messages whose body does not contain this text (handy on a busy exchange)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds to wait for a message")
    args = parser.parse_args()

    connection = pika.BlockingConnection(pika.ConnectionParameters(
        host=args.host, port=args.port, virtual_host=args.vhost,
        credentials=pika.PlainCredentials(args.user, args.password),
        blocked_connection_timeout=args.timeout))
    try:
        channel = connection.channel()
        # Every exchange is a durable fanout exchange; declaring it the same way is harmless if it exists,
        # and lets a team bind before the first event was ever published.
        channel.exchange_declare(exchange=args.exchange, exchange_type="fanout", durable=True)
        # A queue of our own: server-named, gone when we disconnect. A long-lived consumer would declare a
        # durable named queue instead, so events published while it is down wait for it.
        queue = channel.queue_declare(queue="", exclusive=True, auto_delete=True).method.queue
        channel.queue_bind(queue=queue, exchange=args.exchange, routing_key="")
        print(f"bound {queue} to {args.exchange}", file=sys.stderr, flush=True)

        deadline = time.monotonic() + args.timeout
        for method, properties, body in channel.consume(queue, inactivity_timeout=1.0):
            if method is None:
                if time.monotonic() > deadline:
                    print(f"no message on {args.exchange} within {args.timeout:g} s", file=sys.stderr, flush=True)
                    return 2
                continue
            channel.basic_ack(method.delivery_tag)
            text = body.decode("utf-8")
            if args.contains is not None and args.contains not in text:
                continue
            envelope = json.loads(text)  # the event is envelope["message"]; drop redeliveries by envelope["messageId"]
            print(json.dumps(envelope), flush=True)
            return 0
        return 2
    finally:
        connection.close()


if __name__ == "__main__":
    sys.exit(main())
