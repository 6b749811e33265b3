@testable import Clients
import Testing

/// Acks as multiple acks over the settled front of the window, never acking a delivery its handler has not settled.
@Suite("Ack window")
struct AckWindowTests {
    private func window(_ tags: ClosedRange<UInt64>) -> AckWindow {
        var window = AckWindow()
        for tag in tags { window.delivered(tag) }
        return window
    }

    @Test("deliveries settled in order go out as one multiple ack")
    func inOrder() {
        var w = window(1...5)
        let frames = w.ack([1, 2, 3])
        #expect(frames.map(\.tag) == [3] && frames.map(\.multiple) == [true])
        #expect(w.unsettledCount == 2)
    }

    @Test("an ack never covers a delivery still being handled: later ones go alone, and the front catches up later")
    func outOfOrder() {
        var w = window(1...5)
        let early = w.ack([2, 4])
        #expect(early.map(\.tag) == [2, 4] && early.allSatisfy { !$0.multiple })
        let front = w.ack([1])
        #expect(front.map(\.tag) == [1] && front.map(\.multiple) == [true], "1 alone is outstanding below 2")
        let rest = w.ack([3, 5])
        #expect(rest.map(\.tag) == [5] && rest.map(\.multiple) == [true], "2 and 4 were settled, so 3..5 is one ack")
        #expect(w.unsettledCount == 0)
    }

    @Test("a requeued delivery is passed over, never acked")
    func requeuedIsSkipped() {
        var w = window(1...3)
        w.requeued(1)
        let frames = w.ack([2, 3])
        #expect(frames.map(\.tag) == [3] && frames.map(\.multiple) == [true])
        #expect(w.unsettledCount == 0)
    }

    @Test("a long window stays bounded and keeps acking correctly after it compacts")
    func compaction() {
        var w = AckWindow()
        for tag in UInt64(1)...5000 { w.delivered(tag) }
        for tag in UInt64(1)...4000 { _ = w.ack([tag]) }
        let frames = w.ack(Array(4001...5000))
        #expect(frames.map(\.tag) == [5000] && frames.map(\.multiple) == [true])
        #expect(w.unsettledCount == 0)
    }
}
