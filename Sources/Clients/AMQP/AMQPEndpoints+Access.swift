import DreamFrameCore
import Foundation

extension AMQPEndpoints {
    /// Connects to the nodes in order until one answers and closes again: checks that the broker accepts the
    /// credentials and, for `amqps://`, that TLS trust holds both ways (blocking: call it through `BlockingWork`).
    ///
    /// A node that cannot be reached is skipped: that is an outage, which clients ride out, not a configuration
    /// error.
    ///
    /// - Throws: ``BrokerError/accessDenied(_:)`` from the first node that answers with a refusal.
    public func checkAccess() throws {
        for url in urls {
            do {
                let connection = try AMQPConnection(url: url, heartbeatSeconds: Int32(heartbeatSeconds))
                connection.close()
                return
            } catch let error as BrokerError {
                if case .accessDenied = error { throw error }
                continue
            } catch {
                continue
            }
        }
    }
}
