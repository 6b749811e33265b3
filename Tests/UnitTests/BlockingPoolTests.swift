import DreamFrameCore
import Foundation
import Synchronization
import Testing

/// The renderers' thread pool: every job runs and returns its result, never more at once than the pool's threads,
/// and the threads are reused rather than started per job.
@Suite("Blocking pool")
struct BlockingPoolTests {
    @Test("64 jobs on a pool of 2: all return, at most 2 run at once, on at most 2 threads")
    func boundedAndReused() async throws {
        let pool = BlockingPool(name: "test-pool", threads: 2)
        let running = Mutex((now: 0, most: 0, threads: Set<String>()))
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<64 {
                group.addTask {
                    try await pool.run {
                        running.withLock {
                            $0.now += 1
                            $0.most = max($0.most, $0.now)
                            $0.threads.insert("\(Unmanaged.passUnretained(Thread.current).toOpaque())")
                        }
                        usleep(1000)
                        running.withLock { $0.now -= 1 }
                        return i * 2
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(results.sorted() == (0..<64).map { $0 * 2 })
        #expect(running.withLock { $0.most } <= 2)
        #expect(running.withLock { $0.threads.count } <= 2)
    }

    @Test("an error thrown by a job reaches its caller, and the pool goes on")
    func errorsReachTheCaller() async throws {
        struct Boom: Error {}
        let pool = BlockingPool(name: "test-pool", threads: 1)
        await #expect(throws: Boom.self) { try await pool.run { () throws -> Int in throw Boom() } }
        #expect(try await pool.run { 7 } == 7)
    }
}
