import Foundation

/// A fixed set of threads for blocking, CPU-bound work that comes again and again (the built-in renderer's frames),
/// never Swift's cooperative pool: threads are started as work arrives, up to `threads`, and then kept — instead
/// of a fresh thread per call as ``BlockingWork`` starts (tens of microseconds each, paid on every frame). Work
/// beyond `threads` at once waits its turn in order.
public final class BlockingPool: @unchecked Sendable {
    /// The renderers' pool: one thread per processor, or `DREAMFRAME_RENDER_THREADS` (1 makes each renderer
    /// process render on one core, as `ops/bench-render-scaling.sh` measures scaling across processes).
    public static let renderers = BlockingPool(name: "dreamframe-renderer", threads: renderThreads(
        ProcessInfo.processInfo.environment["DREAMFRAME_RENDER_THREADS"]))

    /// The renderers' threads: `setting` when it is a number from 1 to 256, else one per processor.
    static func renderThreads(_ setting: String?) -> Int {
        if let setting, let threads = Int(setting), (1...256).contains(threads) { return threads }
        return ProcessInfo.processInfo.activeProcessorCount
    }

    private let name: String
    private let limit: Int
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var jobs: [@Sendable () -> Void] = []
    private var started = 0
    private var idle = 0

    /// A pool of at most `threads` threads named `name`.
    public init(name: String, threads: Int) {
        self.name = name
        self.limit = max(1, threads)
    }

    /// Runs `body` on one of the pool's threads and returns its result.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            submit { continuation.resume(with: Result { try body() }) }
        }
    }

    private func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        let startThread = idle == 0 && started < limit
        if startThread { started += 1 }
        condition.signal()
        condition.unlock()
        guard startThread else { return }
        let thread = Thread { [self] in work() }
        thread.name = name
        thread.start()
    }

    private func work() {
        while true {
            condition.lock()
            while jobs.isEmpty {
                idle += 1
                condition.wait()
                idle -= 1
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }
}
