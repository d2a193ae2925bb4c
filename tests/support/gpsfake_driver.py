"""Feed a capture to a real gpsd, as gpsfake(1) does (run by the system's python3).

gpsfake is "a trivial wrapper around" the ``gps.fake`` module of Debian's python3-gps
(gpsd's own Python package): it starts gpsd on a port with a pseudo-terminal as its
receiver and writes the capture's sentences into it. Debian packages the gpsfake script
itself with gpsd-clients, which drags in GTK and matplotlib; this driver uses the same
module directly:

    /usr/bin/python3 tests/support/gpsfake_driver.py CAPTURE PORT [--once] [--start-after S]

It loops over the capture until it is stopped (SIGTERM stops gpsd too), or goes through
it once (``--once``: gpsd then closes the receiver, as when one is unplugged). Lines are
written ``WRITE_PAD`` seconds apart (environment, gps.fake's own setting).
"""

import argparse
import time

import gps.fake


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("capture")
    parser.add_argument("port", type=int)
    parser.add_argument("--once", action="store_true", help="one pass, then the receiver goes")
    parser.add_argument("--start-after", type=float, default=0.0, help="seconds before feeding")
    args = parser.parse_args()

    # -n: gpsd opens the receiver at once (not at the first client); timeout=0: no limit
    session = gps.fake.TestSession(port=args.port, options="-n", timeout=0)
    session.spawn()
    start = time.monotonic() + args.start_after

    def feed(index: int, fake: gps.fake.FakeGPS) -> bool:
        if time.monotonic() < start or (args.once and index >= len(fake.testload.sentences)):
            time.sleep(0.05)  # the session polls this: idle without spinning
            return False
        return True

    session.gps_add(args.capture, pred=feed, oneshot=args.once)
    session.run()


if __name__ == "__main__":
    main()
