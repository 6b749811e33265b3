import DreamFrameCore
import Foundation

/// The callers' side of the transfers of one ``CurlEngine``: each transfer's continuation and its `cancelled` and
/// `started` flags, plus how many continuations are outstanding, all under one lock, so that cancellation, admission
/// and completion race safely and every continuation is resumed exactly once.
final class CurlCompletions: @unchecked Sendable {
    private let lock = NSLock()
    private var outstanding = 0

    /// Transfers queued or running (continuation not resumed yet).
    var count: Int { lock.withLock { outstanding } }

    /// Attaches `continuation` to `transfer`; false (and nothing attached) when its task was cancelled already.
    func register(_ transfer: CurlTransfer, _ continuation: CheckedContinuation<HTTPResponse, any Error>) -> Bool {
        lock.withLock {
            if transfer.cancelled { return false }
            transfer.continuation = continuation
            outstanding += 1
            return true
        }
    }

    /// Marks `transfer` cancelled. A transfer not started yet is failed here with `CancellationError` (returns
    /// true); one already running must be aborted by the engine thread (returns false).
    func cancel(_ transfer: CurlTransfer) -> Bool {
        let continuation: CheckedContinuation<HTTPResponse, any Error>? = lock.withLock {
            transfer.cancelled = true
            guard let continuation = transfer.continuation, !transfer.started else { return nil }
            transfer.continuation = nil   // the engine skips it when its turn comes
            outstanding -= 1
            return continuation
        }
        continuation?.resume(throwing: CancellationError())
        return continuation != nil
    }

    /// Marks `transfer` started unless it was cancelled or completed meanwhile (then false: skip it).
    func admit(_ transfer: CurlTransfer) -> Bool {
        lock.withLock {
            guard transfer.continuation != nil, !transfer.cancelled else { return false }
            transfer.started = true
            return true
        }
    }

    /// Resumes the transfer's continuation with `result`, exactly once (later calls do nothing).
    func finish(_ transfer: CurlTransfer, _ result: Result<HTTPResponse, any Error>) {
        let continuation: CheckedContinuation<HTTPResponse, any Error>? = lock.withLock {
            guard let continuation = transfer.continuation else { return nil }
            transfer.continuation = nil
            outstanding -= 1
            return continuation
        }
        continuation?.resume(with: result)
    }
}
