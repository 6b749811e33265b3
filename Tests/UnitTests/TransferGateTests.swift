import Testing
@testable import HTTPModels

@Suite("Transfer gate: the transport's places in the HTTP client")
struct TransferGateTests {
    /// Who went through, in order.
    actor Entries {
        private(set) var order: [Int] = []
        func add(_ index: Int) { order.append(index) }
    }

    @Test("at most `limit` holders; the others wait in order and go in as places are given back")
    func bound() async throws {
        let gate = TransferGate(limit: 2)
        try await gate.enter()
        try await gate.enter()
        let entries = Entries()
        let waiting = (1...3).map { index in
            Task {
                try await gate.enter()
                await entries.add(index)
            }
        }
        try await Task.sleep(for: .milliseconds(200))
        #expect(await entries.order.isEmpty, "both places are held")
        gate.leave()
        gate.leave()
        gate.leave()
        for task in waiting { try await task.value }
        #expect(await entries.order.sorted() == [1, 2, 3])
    }

    @Test("a waiter that is cancelled leaves the line with CancellationError and takes no place")
    func cancelled() async throws {
        let gate = TransferGate(limit: 1)
        try await gate.enter()
        let waiter = Task { try await gate.enter() }
        try await Task.sleep(for: .milliseconds(100))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        let early = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await gate.enter()
        }
        await #expect(throws: CancellationError.self) { try await early.value }
        gate.leave()
        // The place given back went to no cancelled waiter: the next caller gets it at once.
        try await gate.enter()
        gate.leave()
    }
}
