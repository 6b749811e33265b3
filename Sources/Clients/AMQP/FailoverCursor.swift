import DreamFrameCore
import Foundation
import Logging

/// Which broker node a client's thread connects to next, and how long it waits first (owned by one thread).
///
/// A failed connect or a lost connection moves on to the next node, round-robin. Another node is tried at once;
/// only when every node failed in a row does the thread back off (0.1 s, doubling up to 5 s, reset by a successful
/// connect). With one node that is exactly a reconnect to the same broker with backoff.
struct FailoverCursor {
    let endpoints: AMQPEndpoints
    private var index = 0
    private var failuresInARow = 0
    private var backoff: TimeInterval = 0.1
    private var lastConnected: AMQPURL?
    private var reconnects: ReconnectCounter

    /// A cursor over `endpoints` for the client `connection` names (`amqp-consumer`, `amqp-publisher`: the label of
    /// its reconnect counter).
    init(_ endpoints: AMQPEndpoints, connection: String) {
        self.endpoints = endpoints
        reconnects = ReconnectCounter(connection: connection)
    }

    /// The node to connect to now.
    var current: AMQPURL { endpoints.urls[index] }

    /// Opens a connection to ``current`` with the endpoints' heartbeat.
    func connect() throws -> AMQPConnection {
        try AMQPConnection(url: current, heartbeatSeconds: Int32(endpoints.heartbeatSeconds))
    }

    /// Records a successful connect to ``current``; logs `what` connected and on which node — at `info` when it
    /// moved to another node of a cluster, else at `debug`.
    mutating func connected(_ what: String, logger: Logger, metadata: Logger.Metadata = [:]) {
        failuresInARow = 0
        backoff = 0.1
        reconnects.connected()
        let movedNode = endpoints.urls.count > 1 && lastConnected != nil && lastConnected != current
        var metadata = metadata
        metadata["broker"] = "\(current)"
        if endpoints.urls.count > 1 {
            metadata["node"] = "\(index + 1) of \(endpoints.urls.count)"
        }
        logger.log(level: movedNode ? .info : .debug, movedNode ? "\(what) failed over to another broker node"
                                                               : "\(what) connected", metadata: metadata)
        lastConnected = current
    }

    /// Records that connecting to ``current`` failed or its connection was lost; moves to the next node and returns
    /// how long to wait before connecting to it.
    mutating func failed() -> TimeInterval {
        index = (index + 1) % endpoints.urls.count
        failuresInARow += 1
        guard failuresInARow >= endpoints.urls.count else { return 0 }
        failuresInARow = 0
        let pause = backoff
        backoff = min(backoff * 2, 5)
        return pause
    }
}
