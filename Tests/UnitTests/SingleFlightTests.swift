import Foundation
import Synchronization
import Testing
@testable import HTTPModels

@Suite("One call per key at a time")
struct SingleFlightTests {
    final class Counter: Sendable {
        let calls = Mutex(0)
    }

    @Test("callers of one key share the running call; other keys and later callers run their own; failures reach every waiter")
    func sharesRunningCalls() async throws {
        let flights = SingleFlight<String, Int>()
        let counter = Counter()
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await flights.run("frame-1") {
                        counter.calls.withLock { $0 += 1 }
                        try await Task.sleep(for: .milliseconds(300))
                        return 42
                    }
                }
            }
            group.addTask { try await flights.run("frame-2") { counter.calls.withLock { $0 += 1 }; return 7 } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.sorted() == [7] + Array(repeating: 42, count: 8))
        #expect(counter.calls.withLock { $0 } == 2, "one call for frame-1's eight callers, one for frame-2")
        #expect(await flights.count == 0)
        _ = try await flights.run("frame-1") { counter.calls.withLock { $0 += 1 }; return 1 }
        #expect(counter.calls.withLock { $0 } == 3, "a caller after the call ended runs again")

        struct Refused: Error {}
        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<3 {
                group.addTask {
                    do {
                        _ = try await flights.run("bad") { try await Task.sleep(for: .milliseconds(200)); throw Refused() }
                        return false
                    } catch { return error is Refused }
                }
            }
            for await failed in group { #expect(failed) }
        }
    }
}
