"""Turns the reliability records of a test run (TestResults/reliability/*.json, written by the tests through
tests/TestSupport/ReliabilityLedger.cs) into RELIABILITY.md on standard output.

Usage: python3 infra/reliability-report.py TestResults/reliability [--summary]
  --summary prints one line instead (infra/test.sh shows it after the tests).
Exits 1 when a record shows an event lost or a server error, or when there are no records.
"""
import datetime
import json
import pathlib
import platform
import sys

# The order the report reads best in: faults first, then bad input, then the property passes.
ORDER = [
    "broker-outage",
    "database-restart",
    "consumer-database-outage",
    "relay-kill",
    "two-instances",
    "concurrent-writers",
    "rabbit-cluster-node-stop",
    "scale-out",
    "poison-handler-throws",
    "poison-unknown-type",
    "poison-unreadable",
    "bad-input-corpus",
    "broker-permissions",
    "broker-tls",
]


def load(folder):
    records = [json.loads(path.read_text()) for path in sorted(pathlib.Path(folder).glob("*.json"))]
    rank = {name: i for i, name in enumerate(ORDER)}
    return sorted(records, key=lambda r: (rank.get(r["scenario"], len(ORDER)), r["scenario"]))


def total(records, field):
    values = [r[field] for r in records if r.get(field) is not None]
    return sum(values) if values else None


def delivery_totals(records):
    """Written and delivered over the scenarios that follow events to the consumers (both counts present)."""
    followed = [r for r in records if r.get("eventsWritten") is not None and r.get("eventsDelivered") is not None]
    return total(followed, "eventsWritten"), total(followed, "eventsDelivered")


def cell(value):
    return "–" if value is None else f"{value:,}" if isinstance(value, int) else str(value)


def missing(records):
    """Scenarios of the suite without a record: they failed before writing it, or the run left them out."""
    seen = {r["scenario"] for r in records}
    return [name for name in ORDER if name not in seen]


def verdict(records):
    lost = total(records, "eventsLost") or 0
    errors = total(records, "serverErrors") or 0
    return lost, errors, bool(records) and lost == 0 and errors == 0 and not missing(records)


def summary(records):
    lost, errors, ok = verdict(records)
    faults = sum(1 for r in records if r.get("eventsWritten") is not None)
    return (
        f"reliability: {len(records)} scenarios ({faults} with events), "
        f"{cell(delivery_totals(records)[0])} events written, {cell(delivery_totals(records)[1])} delivered, "
        f"{lost} lost, {cell(total(records, 'duplicatesDelivered'))} duplicates delivered, "
        f"{cell(total(records, 'duplicatesAbsorbed'))} dropped by consumers, "
        f"{cell(total(records, 'badInputsTried'))} bad inputs, {errors} server errors"
        + (f", no record from {', '.join(missing(records))}" if missing(records) else "")
        + f": {'OK' if ok else 'FAILED'}"
    )


def report(records):
    lost, errors, ok = verdict(records)
    lines = [
        "# Reliability",
        "",
        "What the fault suite did to the system and what it saw, written by `infra/reliability-report.py` from the records the",
        "tests themselves write (`TestResults/reliability/*.json`). Nothing here is typed by hand. To produce it again:",
        "",
        "```bash",
        "bash infra/test.sh                      # the whole suite; or only the fault suite: bash infra/test.sh --filter FullyQualifiedName~Reliability",
        "python3 infra/reliability-report.py TestResults/reliability > RELIABILITY.md",
        "```",
        "",
        f"Run on {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.system()} {platform.machine()}.",
        "",
        "## Verdict",
        "",
        f"- Events lost: **{lost}** (must be 0).",
        f"- Answers with a 5xx where none is allowed: **{errors}** (must be 0).",
        f"- Events written {cell(delivery_totals(records)[0])}, delivered to every consumer {cell(delivery_totals(records)[1])}"
        " (over the scenarios that follow events to the consumers).",
        f"- Duplicate copies delivered {cell(total(records, 'duplicatesDelivered'))}; copies the consumers dropped as already handled "
        f"{cell(total(records, 'duplicatesAbsorbed'))} (each consumer counts its own, so a copy both consumers dropped counts twice).",
        f"- Bad inputs tried {cell(total(records, 'badInputsTried'))}.",
        f"- Scenarios without a record (failed before writing it, or left out of the run): {', '.join(missing(records)) or 'none'}.",
        f"- **{'Passed' if ok else 'FAILED'}.**",
        "",
        "## Scenarios",
        "",
        "| scenario | fault injected | written | delivered | lost | duplicates delivered | dropped by consumers | bad inputs | 5xx | s |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in records:
        lines.append(
            f"| {r['scenario']} | {r['fault']} | {cell(r.get('eventsWritten'))} | {cell(r.get('eventsDelivered'))} | "
            f"{cell(r.get('eventsLost'))} | {cell(r.get('duplicatesDelivered'))} | {cell(r.get('duplicatesAbsorbed'))} | "
            f"{cell(r.get('badInputsTried'))} | {cell(r.get('serverErrors'))} | {r.get('seconds', 0):g} |"
        )
    lines += ["", "## What each scenario also saw", ""]
    for r in records:
        observations = r.get("observations") or {}
        if observations:
            lines.append(f"- **{r['scenario']}**: " + "; ".join(f"{k}: {v}" for k, v in observations.items()) + ".")
    lines += [
        "",
        "## How to read it",
        "",
        "- *Written* counts events the system accepted (a `2xx`, or rows an import stored); *delivered* counts those that",
        "  reached the broker and the stores of both consumers of the stream (pricing and adoption), checked in their",
        "  databases; *lost* is the difference.",
        "- *Duplicates delivered* counts extra copies the broker carried (a durable queue bound beside the consumers keeps",
        "  every copy). Consumers de-duplicate by message id: MassTransit drops a copy that arrives in the same batch, and",
        "  the consumers' own markers drop the rest (*dropped by consumers*, from their metrics). Either way each event takes",
        "  effect once: each consumer's store holds one replica of each model, however many copies arrived.",
        "- The scenarios run against a PostgreSQL and a RabbitMQ of the suite's own (`tests/Reliability.Tests`), which it",
        "  stops, restarts and cuts off, and against a three-node RabbitMQ cluster of its own (quorum queues) for",
        "  `rabbit-cluster-node-stop` and `scale-out`; the services run as separate processes, so a kill is a real `SIGKILL`.",
        "",
    ]
    return "\n".join(lines)


def main():
    records = load(sys.argv[1])
    if not records:
        print(f"no reliability records in {sys.argv[1]}", file=sys.stderr)
        sys.exit(1)
    print(summary(records) if "--summary" in sys.argv[2:] else report(records))
    sys.exit(0 if verdict(records)[2] else 1)


if __name__ == "__main__":
    main()
