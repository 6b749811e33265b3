/// Which deliveries of a consumer's channel are still unsettled, so that acks can go out as one `basic.ack` with
/// `multiple` for every run of settled deliveries at the front (consumer thread only).
///
/// `multiple` acks every *outstanding* delivery up to its tag; deliveries settled before (acked alone, or nacked and
/// requeued) are no longer outstanding, so a multiple ack may pass over them. A delivery is acked only once its own
/// handler settled it: an ack never waits for an earlier delivery whose handler still runs (that one is acked on its
/// own), so no delivery is held back by another.
struct AckWindow {
    /// Delivery tags handed out and not yet passed by a multiple ack, in delivery order (tags only grow).
    private var pending: [UInt64] = []
    private var head = 0
    /// Tags in `pending` already settled on their own (acked alone, or nacked).
    private var settled: Set<UInt64> = []

    /// Deliveries handed out and not yet covered by an ack the window sent (for tests).
    var unsettledCount: Int { pending.count - head - settled.count }

    /// Records a delivery handed out.
    mutating func delivered(_ tag: UInt64) {
        pending.append(tag)
    }

    /// Records deliveries nacked (requeued) on their own.
    mutating func requeued(_ tag: UInt64) {
        settled.insert(tag)
    }

    /// The acks to send for `tags`, in order: one multiple ack for the run of settled deliveries at the front (when
    /// it includes one of `tags`), then each tag not in that run alone (`multiple` false).
    mutating func ack(_ tags: [UInt64]) -> [(tag: UInt64, multiple: Bool)] {
        var now = Set(tags)
        var last: UInt64?
        while head < pending.count {
            let tag = pending[head]
            if now.remove(tag) != nil {
                last = tag
            } else if settled.remove(tag) == nil {
                break
            }
            head += 1
        }
        if head > 1024 && head * 2 > pending.count {
            pending.removeFirst(head)
            head = 0
        }
        var frames: [(tag: UInt64, multiple: Bool)] = last.map { [($0, true)] } ?? []
        for tag in tags where now.contains(tag) {
            frames.append((tag, false))
            settled.insert(tag)
        }
        return frames
    }

    /// Forgets everything (a new connection starts its tags again).
    mutating func reset() {
        self = AckWindow()
    }
}
