/// A moving window of a counter's samples: how fast it rose over the last ``span`` seconds (or since the first
/// sample, when that is more recent). The worker heartbeat keeps one for the messages its process handled.
public struct RateWindow: Sendable, Equatable {
    /// How far back the rate looks, in seconds.
    public let span: Double
    private var samples: [(time: Double, count: Int)] = []

    /// An empty window looking `span` seconds back.
    public init(span: Double = 60) {
        self.span = span
    }

    /// Records the counter's value `count` at `time` (seconds; samples come in time order).
    public mutating func add(time: Double, count: Int) {
        samples.append((time, count))
        // Keep one sample at or before the window's start, so the rate covers the whole span.
        while samples.count > 2, samples[1].time <= time - span { samples.removeFirst() }
    }

    /// Per second over the window that ends at the newest sample; nil before two samples at different times.
    public var perSecond: Double? {
        guard let last = samples.last, let first = samples.first, last.time > first.time else { return nil }
        return Double(last.count - first.count) / (last.time - first.time)
    }

    public static func == (lhs: RateWindow, rhs: RateWindow) -> Bool {
        lhs.span == rhs.span && lhs.samples.map(\.time) == rhs.samples.map(\.time)
            && lhs.samples.map(\.count) == rhs.samples.map(\.count)
    }
}
