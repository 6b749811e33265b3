"""Turns run results into the per-round table, the details behind every non-zero figure, and the verdict."""

COLUMNS = ["round", "done", "lost", "dup", "diff", "hung", "dead", "temp", "wall", "faults", "crash"]
WIDTHS = [8, 7, 6, 6, 6, 6, 6, 6, 8, 8, 7]
FAILING = ["lost", "dup", "diff", "hung", "dead", "temp"]


def figures(result, clean):
    """The round's figures: the failing ones and a few informational ones."""
    from dataset import compare
    comparison = compare(clean["dataset"], result["dataset"])
    effects = result["effects"]
    letters = result["dead_letters"]
    dup = (sum(comparison["duplicated"].values()) + sum(c - 1 for c in effects["handled_twice"].values())
           + sum(c - 1 for c in effects["styles_twice"].values()))
    return {
        "round": result["name"],
        "done": f"{result['movies_done']}/{result['movies']}",
        "lost": sum(comparison["lost"].values()),
        "dup": dup,
        "diff": sum(comparison["different"].values()),
        "hung": result["hung"],
        # An unreadable dead-letter listing counts as one: it must not pass silently.
        "dead": len(letters) if letters is not None else 1,
        "temp": len(result["temp_files"]),
        "wall": f"{result['wall']:.1f}s" if result["wall"] else "-",
        "faults": len(result["faults"]),
        "crash": sum(len(v) for v in result["unplanned"].values()) + len(result["bad_stops"])
                 + len(result["stuck_on_stop"]),
        "comparison": comparison,
    }


def row(values):
    return "".join(str(values[c]).rjust(w) if i else str(values[c]).ljust(w)
                   for i, (c, w) in enumerate(zip(COLUMNS, WIDTHS)))


def details(result, fig):
    """Lines explaining the round's non-zero figures."""
    lines, comparison, effects = [], fig["comparison"], result["effects"]
    for key in ("lost", "duplicated", "different"):
        if comparison[key]:
            lines.append(f"  {key}: " + ", ".join(f"{k} {v}" for k, v in sorted(comparison[key].items())))
    lines += [f"    {e}" for e in comparison["examples"][:8]]
    if effects["handled_twice"]:
        sample = ", ".join(f"{m} x{c}" for m, c in sorted(effects["handled_twice"].items())[:6])
        lines.append(f"  handled to completion more than once: {len(effects['handled_twice'])} messages ({sample})")
    if effects["styles_twice"]:
        lines.append("  styles learned more than once: "
                     + ", ".join(f"{s} x{c}" for s, c in sorted(effects["styles_twice"].items())))
    if fig["hung"]:
        lines.append(f"  hung: {fig['hung']} movies not done by the deadline ({result['movies_done']} done at the end)")
    for letter in (result["dead_letters"] or [])[:8]:
        lines.append(f"  dead letter [{letter.get('stage')}] {letter.get('messageId')}: {letter.get('reason')}")
    if result["dead_letters"] is None:
        lines.append("  dead letters could not be listed")
    lines += [f"  stray temp file {name}" for name in result["temp_files"][:8]]
    for name, exits in result["unplanned"].items():
        for incarnation, status, path in exits[:8]:  # A process that cannot start exits again at every restart.
            lines.append(f"  unplanned exit of {name} (incarnation {incarnation}, status {status}): {path}")
        if len(exits) > 8:
            lines.append(f"  … and {len(exits) - 8} more unplanned exits of {name}")
    if result["stuck_on_stop"]:
        lines.append(f"  did not stop on SIGTERM within the grace period: {', '.join(result['stuck_on_stop'])}")
    if result["leftovers"]:
        lines.append("  left in queues after the run (ready, in delay queues): "
                     + ", ".join(f"{s} {r}/{d}" for s, (r, d) in sorted(result["leftovers"].items())))
    lines += [f"  graceful restart failed: {e}" for e in result["bad_stops"]]
    lines += [f"  fault not applied: {e}" for e in result["fault_errors"]]
    if result["faults"]:
        kills = ", ".join(f"{n} {k}" for n, k in result["kills"].items() if k)
        lines.append(f"  kills: {kills} ({result['busy_kills']} of them while handling messages); "
                     f"retries logged: {sum(effects['retries'].values())}; handled {effects['handled']}, "
                     f"redeliveries dropped as done {effects['duplicates_dropped']}; "
                     + (f"broker failovers logged {effects['failovers']}; " if effects["failovers"] else "")
                     + f"logs in {result['folder']}")
    return lines


def table(results, clean, print_line):
    """Prints the table (clean reference first) and returns whether every failing figure is zero."""
    print_line(row({c: c for c in COLUMNS}))
    ok, totals = True, {c: 0 for c in FAILING + ["faults", "crash"]}
    all_figs = [(r, figures(r, clean)) for r in [clean] + results]
    for index, (result, fig) in enumerate(all_figs):
        print_line(row(fig))
        for c in totals:
            totals[c] += fig[c] if index else 0  # The clean reference is not a round.
        ok = ok and all(fig[c] == 0 for c in FAILING)
    done = sum(r["movies_done"] for r, _ in all_figs[1:])
    totals.update(round="total", done=f"{done}/{sum(r['movies'] for r in results)}", wall="-")
    print_line(row(totals))
    for result, fig in all_figs:
        lines = details(result, fig)
        if lines:
            print_line(f"{result['name']}:")
            for line in lines:
                print_line(line)
    return ok
