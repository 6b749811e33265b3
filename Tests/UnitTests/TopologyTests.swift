import DreamFrameCore
import Foundation
import Pipeline
import Testing
import TestSupport

@Suite("Topology derived from the definitions file")
struct TopologyTests {
    /// A definitions document with one work exchange per stage (`<stage>.in`), to prove each stage's queues are
    /// derived from its own retry queues and bindings, not from the first one found.
    static func definitions(dropRetryOf dropped: Stage? = nil) -> Data {
        var exchanges: [[String: Any]] = [["name": "dead", "type": "direct", "durable": true],
                                          ["name": "retry", "type": "direct", "durable": true]]
        var queues: [[String: Any]] = []
        var bindings: [[String: Any]] = []
        func bind(_ source: String, _ queue: String, _ key: String) {
            bindings.append(["source": source, "destination": queue, "destination_type": "queue", "routing_key": key])
        }
        for stage in Stage.allCases {
            let s = stage.rawValue
            exchanges.append(["name": "\(s).in", "type": "direct", "durable": true])
            queues.append(["name": "q.\(s)", "durable": true,
                           "arguments": ["x-dead-letter-exchange": "dead", "x-dead-letter-routing-key": s]])
            bind("\(s).in", "q.\(s)", s)
            queues.append(["name": "q.\(s).dead", "durable": true, "arguments": [String: Any]()])
            bind("dead", "q.\(s).dead", s)
            guard stage != dropped else { continue }
            for (delay, ms) in [("5s", 5000), ("1s", 1000)] {
                queues.append(["name": "q.\(s).retry.\(delay)", "durable": true,
                               "arguments": ["x-message-ttl": ms, "x-dead-letter-exchange": "\(s).in",
                                             "x-dead-letter-routing-key": s]])
                bind("retry", "q.\(s).retry.\(delay)", "\(s).\(delay)")
            }
        }
        let document: [String: Any] = ["exchanges": exchanges, "queues": queues, "bindings": bindings]
        return (try? JSONSerialization.data(withJSONObject: document)) ?? Data()
    }

    @Test("the project's own topology gives every stage a work queue, retries shortest first, and a dead-letter queue")
    func projectTopology() {
        for stage in Stage.allCases {
            let queues = TestPaths.topology.queues(for: stage)
            #expect(queues.stage == stage)
            #expect(queues.workRoutingKey == stage.rawValue)
            #expect(queues.retries.count == 3)
            #expect(queues.retries.map(\.delay) == [.seconds(1), .seconds(10), .seconds(60)])
            #expect(!queues.deadQueue.isEmpty && queues.deadQueue != queues.workQueue)
        }
    }

    @Test("each stage's queues come from its own retry queues, even when every stage has its own work exchange")
    func perStageDerivation() throws {
        let topology = try Topology(data: Self.definitions(), source: "test")
        for stage in Stage.allCases {
            let queues = topology.queues(for: stage)
            #expect(queues.workExchange == "\(stage.rawValue).in")
            #expect(queues.workQueue == "q.\(stage.rawValue)")
            #expect(queues.retries.map(\.queue) == ["q.\(stage.rawValue).retry.1s", "q.\(stage.rawValue).retry.5s"])
            #expect(queues.deadQueue == "q.\(stage.rawValue).dead")
            #expect(queues.retryQueue(afterAttempt: 1).delay == .seconds(1))
            #expect(queues.retryQueue(afterAttempt: 9).delay == .seconds(5))
        }
    }

    @Test("a stage without retry queues is a configuration error naming the stage")
    func missingRetries() {
        #expect {
            try Topology(data: Self.definitions(dropRetryOf: .frameRenderer), source: "broken.json")
        } throws: { error in
            "\(error)".contains("frame-renderer") && "\(error)".contains("broken.json")
        }
    }

    @Test("a file that is not a definitions document is a configuration error")
    func notDefinitions() {
        #expect(throws: ConfigurationError.self) { try Topology(data: Data("[1,2]".utf8), source: "x.json") }
    }
}
