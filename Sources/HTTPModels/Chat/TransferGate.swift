import Synchronization

/// At most `limit` holders at once; the rest wait their turn in order, and a waiter that is cancelled leaves the
/// line with `CancellationError`.
///
/// ``PacedTransport`` passes a request through it before the rate limiter, with as many places as its HTTP client
/// has transfers: a request the limiter admits then goes out at once instead of queueing inside the client, where
/// a 429's hold could no longer stop it.
final class TransferGate: Sendable {
    private struct State {
        var available: Int
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
        var nextId: UInt64 = 0
        /// Waiters cancelled before they joined the line.
        var cancelledEarly: Set<UInt64> = []
    }

    private let state: Mutex<State>

    /// A gate with `limit` places (at least 1).
    init(limit: Int) {
        state = Mutex(State(available: max(1, limit)))
    }

    /// Waits for a place; every successful `enter()` must be matched by one ``leave()``.
    func enter() async throws {
        let id = state.withLock { state in
            state.nextId += 1
            return state.nextId
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Outcome { case admitted, waiting, cancelled }
                let outcome: Outcome = state.withLock { state in
                    if state.cancelledEarly.remove(id) != nil { return .cancelled }
                    if state.available > 0 {
                        state.available -= 1
                        return .admitted
                    }
                    state.waiters.append((id, continuation))
                    return .waiting
                }
                switch outcome {
                case .admitted: continuation.resume()
                case .cancelled: continuation.resume(throwing: CancellationError())
                case .waiting: break
                }
            }
        } onCancel: {
            let waiting: CheckedContinuation<Void, any Error>? = state.withLock { state in
                if let index = state.waiters.firstIndex(where: { $0.id == id }) {
                    return state.waiters.remove(at: index).continuation
                }
                state.cancelledEarly.insert(id)
                return nil
            }
            waiting?.resume(throwing: CancellationError())
        }
        // Cancelled after it was admitted: the mark is not needed any more.
        state.withLock { _ = $0.cancelledEarly.remove(id) }
    }

    /// Gives a place back: to the longest waiter, else to the next `enter()`.
    func leave() {
        let next: CheckedContinuation<Void, any Error>? = state.withLock { state in
            if state.waiters.isEmpty {
                state.available += 1
                return nil
            }
            return state.waiters.removeFirst().continuation
        }
        next?.resume()
    }
}
