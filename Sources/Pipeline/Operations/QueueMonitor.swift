import Models
import Clients
import DreamFrameCore
import Foundation

/// Queue depths per stage: exact ready counts and consumers by passive declare, plus unacked counts from the
/// management API when it is reachable.
public struct QueueMonitor: Sendable {
    /// One stage's queues.
    public struct StageQueuesStatus: Sendable, Codable {
        public var stage: String
        public var queue: String
        public var ready: Int
        /// Delivered but not yet acknowledged; nil when the management API is not reachable.
        public var unacked: Int?
        public var consumers: Int
        /// Messages waiting in the delay queues.
        public var retrying: Int
        public var dead: Int

        /// One stage's figures (the monitor reads them; tests and other sources build them).
        public init(stage: String, queue: String, ready: Int, unacked: Int?, consumers: Int, retrying: Int, dead: Int) {
            self.stage = stage
            self.queue = queue
            self.ready = ready
            self.unacked = unacked
            self.consumers = consumers
            self.retrying = retrying
            self.dead = dead
        }
    }

    /// The broker's nodes: the queue counts come from the first one that answers.
    public let broker: AMQPEndpoints
    public let topology: Topology
    /// The management API root, e.g. http://127.0.0.1:15673; nil skips unacked counts.
    public let managementURL: URL?

    public init(broker: AMQPEndpoints, topology: Topology, managementURL: URL?) {
        self.broker = broker
        self.topology = topology
        self.managementURL = managementURL
    }

    /// Reads every stage's queues.
    public func snapshot(http: HTTPClient? = nil) async throws -> [StageQueuesStatus] {
        let topology = self.topology
        var result = try await BlockingWork.run { [broker] in
            let admin = try AMQPAdmin(endpoints: broker)
            defer { admin.close() }
            return try Stage.allCases.map { stage -> StageQueuesStatus in
                let q = topology.queues(for: stage)
                let work = try admin.stats(q.workQueue)
                let retrying = try q.retries.reduce(0) { $0 + (try admin.stats($1.queue)?.messages ?? 0) }
                return StageQueuesStatus(stage: stage.rawValue, queue: q.workQueue, ready: work?.messages ?? 0,
                                         unacked: nil, consumers: work?.consumers ?? 0, retrying: retrying,
                                         dead: try admin.stats(q.deadQueue)?.messages ?? 0)
            }
        }
        if let managementURL, let http {
            for i in result.indices {
                result[i].unacked = await unacked(queue: result[i].queue, root: managementURL, http: http)
            }
        }
        return result
    }

    /// Messages in line per stage: ready in its work queue plus waiting in its delay queues (exact, by passive
    /// declare over one short-lived connection). What the repair looks at before calling a movie's messages lost.
    /// With `workedOnly`, a stage whose work queue has no consumer counts none: a movie whose messages wait where
    /// nobody works is stuck, not in line (what `status`, `wait` and the run gauges mean by in line).
    public func backlog(workedOnly: Bool = false) async throws -> [Stage: Int] {
        let topology = self.topology
        return try await BlockingWork.run { [broker] in
            let admin = try AMQPAdmin(endpoints: broker)
            defer { admin.close() }
            var counts: [Stage: Int] = [:]
            for stage in Stage.allCases {
                let q = topology.queues(for: stage)
                let work = try admin.stats(q.workQueue)
                if workedOnly, (work?.consumers ?? 0) == 0 {
                    counts[stage] = 0
                    continue
                }
                counts[stage] = try q.retries.reduce(work?.messages ?? 0) { $0 + (try admin.stats($1.queue)?.messages ?? 0) }
            }
            return counts
        }
    }

    private func unacked(queue: String, root: URL, http: HTTPClient) async -> Int? {
        let vhost = broker.primary.vhost.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "%2F"
        guard let url = URL(string: "\(root.absoluteString)/api/queues/\(vhost)/\(queue)") else { return nil }
        let credentials = Data("\(broker.primary.user):\(broker.primary.password)".utf8).base64EncodedString()
        let request = HTTPRequest(url: url, headers: ["Authorization": "Basic \(credentials)"], timeout: .seconds(3),
                                  connectTimeout: .seconds(1))
        guard let response = try? await http.send(request), response.isSuccess,
              let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any] else { return nil }
        return (object["messages_unacknowledged"] as? NSNumber)?.intValue
    }
}
