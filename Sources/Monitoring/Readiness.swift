/// Whether a process is ready for work (`GET /readyz`): 200 when it is, 503 with the reason when it is not.
public struct Readiness: Sendable, Equatable, CustomStringConvertible {
    /// Whether it is ready.
    public var isReady: Bool
    /// What it is doing, or why it is not ready (one line, for an operator).
    public var detail: String

    public init(isReady: Bool, detail: String) {
        self.isReady = isReady
        self.detail = detail
    }

    /// Ready: `detail` says what it does (`consuming dreamframe.frame-renderer`).
    public static func ready(_ detail: String) -> Readiness { Readiness(isReady: true, detail: detail) }

    /// Not ready, because of `reason`.
    public static func notReady(_ reason: String) -> Readiness { Readiness(isReady: false, detail: reason) }

    public var description: String { (isReady ? "ready: " : "not ready: ") + detail }
}
