import DreamFrameCore
import Foundation
import Testing

/// What the jobs saw: how many ran at once (now, at most) and on which threads.
private final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var now = 0
    private(set) var most = 0
    private(set) var threads = Set<ObjectIdentifier>()

    func enter() {
        lock.withLock {
            now += 1
            most = max(most, now)
            threads.insert(ObjectIdentifier(Thread.current))
        }
    }

    func leave() { lock.withLock { now -= 1 } }
    var snapshot: (most: Int, threads: Int) { lock.withLock { (most, threads.count) } }
}

/// The renderers' thread pool: every job runs and returns its result, never more at once than the pool's threads,
/// and the threads are reused rather than started per job.
@Suite("Blocking pool")
struct BlockingPoolTests {
    @Test("64 jobs on a pool of 2: all return, at most 2 run at once, on at most 2 threads")
    func boundedAndReused() async throws {
        let pool = BlockingPool(name: "test-pool", threads: 2)
        let tally = Tally()
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<64 {
                group.addTask {
                    try await pool.run {
                        tally.enter()
                        usleep(1000)
                        tally.leave()
                        return i * 2
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(results.sorted() == (0..<64).map { $0 * 2 })
        #expect(tally.snapshot.most <= 2)
        #expect(tally.snapshot.threads <= 2)
    }

    @Test("an error thrown by a job reaches its caller, and the pool goes on")
    func errorsReachTheCaller() async throws {
        struct Boom: Error {}
        let pool = BlockingPool(name: "test-pool", threads: 1)
        await #expect(throws: Boom.self) { try await pool.run { () throws -> Int in throw Boom() } }
        #expect(try await pool.run { 7 } == 7)
    }
}
