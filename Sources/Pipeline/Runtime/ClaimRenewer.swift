import Foundation
import Synchronization

/// Keeps alive the claims of every message a runtime is handling: one loop for all of them, which renews each claim
/// every `period` (a third of the lease) while it is registered — instead of a task and a timer per message. The loop
/// runs only while some claim is registered.
final class ClaimRenewer: Sendable {
    private struct Claims {
        var active: [Int: (messageId: String, owner: String)] = [:]
        var nextToken = 0
        var looping = false
    }

    private let state: any PipelineStore
    private let leaseSeconds: Int
    private let period: Duration
    private let claims = Mutex(Claims())

    /// A renewer of claims of `leaseSeconds` in `state`, renewed every `period` (by default a third of the lease, at
    /// least a second).
    init(state: any PipelineStore, leaseSeconds: Int, period: Duration? = nil) {
        self.state = state
        self.leaseSeconds = leaseSeconds
        self.period = period ?? .seconds(max(1, leaseSeconds / 3))
    }

    /// Renews `owner`'s claim on `messageId` until ``remove(_:)`` is called with the token returned.
    func add(_ messageId: String, owner: String) -> Int {
        let (token, start) = claims.withLock { claims -> (Int, Bool) in
            let token = claims.nextToken
            claims.nextToken += 1
            claims.active[token] = (messageId, owner)
            let start = !claims.looping
            claims.looping = true
            return (token, start)
        }
        if start { Task { await self.loop() } }
        return token
    }

    /// Stops renewing the claim registered as `token`.
    func remove(_ token: Int) {
        claims.withLock { _ = $0.active.removeValue(forKey: token) }
    }

    /// How many claims are being renewed (for tests).
    var count: Int { claims.withLock { $0.active.count } }

    private func loop() async {
        while true {
            try? await Task.sleep(for: period)
            let due: [(messageId: String, owner: String)]? = claims.withLock { claims in
                guard !claims.active.isEmpty else {
                    claims.looping = false
                    return nil
                }
                return Array(claims.active.values)
            }
            guard let due else { return }
            // Concurrent calls share round trips on the Redis connection (its automatic pipelining).
            await withTaskGroup(of: Void.self) { group in
                for claim in due {
                    group.addTask { [state, leaseSeconds] in
                        _ = try? await state.renewMessageClaim(claim.messageId, owner: claim.owner, leaseSeconds: leaseSeconds)
                    }
                }
            }
        }
    }
}
