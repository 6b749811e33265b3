import Models
import Clients
import DreamFrameCore
import Foundation

/// What a stage does with one message: the only code a stage executable writes.
///
/// The runtime owns everything else — consuming, duplicate detection, publishing the returned messages with
/// confirms before acking, retries through the delay queues, dead-lettering, metrics and shutdown. A handler must be
/// idempotent: it can see the same message again after a crash, and must then produce the same effects once.
public protocol StageHandler: Sendable {
    /// The stage this handler implements.
    var stage: Stage { get }
    /// Handles one message and returns the messages to publish downstream.
    ///
    /// Throw ``StageError/permanent(_:)`` (or `ModelError.permanent`) for input that can never succeed; any other
    /// error is retried with backoff.
    func handle(_ envelope: Envelope, context: StageContext) async throws -> [Envelope]
}
