import Foundation

/// One handling of a message by the stage runtime: the claim it holds, and whether the handler's last step already
/// finished the message (``StageContext/markFanIn(_:index:expected:movie:claimant:)``), so the runtime only acks.
final class MessageHandling: @unchecked Sendable {
    let inHand: MessageInHand
    private let lock = NSLock()
    private var finishedFirst: Bool?

    init(_ inHand: MessageInHand) {
        self.inHand = inHand
    }

    /// Notes that the message was finished during its handling (`first`: this handling finished it first).
    func noteFinished(first: Bool) {
        lock.withLock { finishedFirst = first }
    }

    /// nil while the message is unfinished; else whether this handling finished it first.
    var finished: Bool? { lock.withLock { finishedFirst } }
}
