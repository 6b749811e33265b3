import Foundation

/// A dedicated thread that owns one connection, and the mailbox through which async callers hand it work.
///
/// rabbitmq-c, hiredis and libcurl connections are not thread-safe and their calls block, so every client in this
/// module is built the same way: callers ``submit(_:)`` items (typically a request and its continuation) from any
/// thread or task; the one owning thread takes them in batches (``take(upTo:waitingUntil:)``), does the blocking I/O
/// and resumes the continuations. No caller ever blocks Swift's cooperative pool.
///
/// Lifecycle: *not started* → *running* (``run(_:)`` or ``start(_:)``) → *stop requested* (``requestStop()``) →
/// *exited* (the body returned). A stop request only asks: the owner finishes what it considers outstanding and
/// returns from its body. Items submitted before the thread starts wait; an item with a deadline fails with
/// ``Failure/expired`` once the deadline passes — before the start by a timer, afterwards whenever the owner calls
/// ``expireOverdue()`` (while it has no connection). Items still queued when the thread exits, or submitted after,
/// fail with ``Failure/shutdown``. A stop requested before the start ends it without ever starting the thread.
final class ConnectionThread<Item>: @unchecked Sendable {
    /// Why an item was handed back to the `fail` callback instead of being processed.
    enum Failure: Sendable {
        /// The thread has exited (or was stopped before it started).
        case shutdown
        /// The item's deadline passed while it waited in the mailbox.
        case expired
    }

    private let name: String
    private let deadline: (Item) -> Date?
    private let fail: (Item, Failure) -> Void
    private let condition = NSCondition()

    // Guarded by `condition`.
    private var items: [Item] = []
    private var started = false
    private var stopRequested = false
    private var exited = false
    private var exitWaiters: [CheckedContinuation<Void, Never>] = []
    private var timerScheduled = false
    private var waker: (() -> Void)?

    /// - Parameters:
    ///   - name: The thread's name (shown by debuggers and `top -H`).
    ///   - deadline: When an item stops being worth waiting for; nil for never.
    ///   - fail: Called (outside the lock) for every item that will not be processed.
    init(name: String, deadline: @escaping (Item) -> Date? = { _ in nil },
         fail: @escaping (Item, Failure) -> Void) {
        self.name = name
        self.deadline = deadline
        self.fail = fail
    }

    // MARK: - Any thread

    /// Queues `item` for the owning thread, or fails it with ``Failure/shutdown`` when the thread has exited.
    func submit(_ item: Item) {
        let accepted: Bool = locked {
            guard !exited else { return false }
            items.append(item)
            if !started { scheduleExpiryTimerLocked() }
            waker?()
            condition.signal()
            return true
        }
        if !accepted { fail(item, .shutdown) }
    }

    /// Removes the queued items matching `predicate` (not yet taken by the owner) and returns them.
    func remove(where predicate: (Item) -> Bool) -> [Item] {
        locked {
            let removed = items.filter(predicate)
            items.removeAll(where: predicate)
            return removed
        }
    }

    /// Starts the owning thread running `body` unless it started or exited already. Returns at once.
    func start(_ body: @escaping @Sendable () -> Void) {
        let startNow: Bool = locked {
            guard !started && !exited else { return false }
            started = true
            return true
        }
        guard startNow else { return }
        let thread = Thread { [self] in
            body()
            didExit()
        }
        thread.name = name
        thread.start()
    }

    /// Starts the owning thread running `body` (unless it started already) and returns when it has exited.
    func run(_ body: @escaping @Sendable () -> Void) async {
        start(body)
        await awaitExit()
    }

    /// Asks the owner to finish and exit; wakes it. Before the start, ends everything at once.
    func requestStop() {
        let leftovers: [Item] = locked {
            stopRequested = true
            waker?()
            condition.broadcast()
            guard !started && !exited else { return [] }
            return markExitedLocked()
        }
        finishExit(leftovers)
    }

    /// Suspends until the owning thread has exited (at once if it has, or if it was stopped before starting).
    func awaitExit() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let exitedAlready: Bool = locked {
                if exited { return true }
                exitWaiters.append(waiter)
                return false
            }
            if exitedAlready { waiter.resume() }
        }
    }

    /// ``requestStop()``, then ``awaitExit()``.
    func stop() async {
        requestStop()
        await awaitExit()
    }

    // MARK: - Owning thread

    /// True once ``requestStop()`` was called.
    var isStopRequested: Bool { locked { stopRequested } }

    /// True when a stop was requested and nothing is queued: the owner may exit once its own work is done.
    var isDrainedAndStopping: Bool { locked { stopRequested && items.isEmpty } }

    /// Takes up to `limit` queued items in order. When none is queued it waits for one until `deadline`
    /// (nil: without limit), returning early — possibly empty — when a stop is requested.
    func take(upTo limit: Int = .max, waitingUntil deadline: Date?) -> [Item] {
        locked {
            while items.isEmpty && !stopRequested {
                if let deadline {
                    if !condition.wait(until: deadline) { break }
                } else {
                    condition.wait()
                }
            }
            let batch = Array(items.prefix(limit))
            items.removeFirst(batch.count)
            return batch
        }
    }

    /// Puts taken items back at the front of the queue, in order (they were not processed).
    func putBack<C: Collection>(_ returned: C) where C.Element == Item {
        guard !returned.isEmpty else { return }
        let rejected: [Item] = locked {
            guard !exited else { return Array(returned) }
            items.insert(contentsOf: returned, at: 0)
            return []
        }
        rejected.forEach { fail($0, .shutdown) }
    }

    /// Sleeps until `date` (a reconnect backoff); returns early when a stop is requested and nothing is queued
    /// (with work queued, the owner keeps its backoff between attempts until that work is done or expired).
    func pause(until date: Date) {
        locked {
            while !(stopRequested && items.isEmpty) && Date() < date {
                _ = condition.wait(until: date)
            }
        }
    }

    /// Fails every queued item whose deadline has passed with ``Failure/expired``.
    func expireOverdue() {
        let now = Date()
        let expired = remove { item in deadline(item).map { $0 <= now } ?? false }
        expired.forEach { fail($0, .expired) }
    }

    /// Installs the function that wakes the owner when it blocks outside ``take(upTo:waitingUntil:)`` (for example
    /// in `curl_multi_poll`). It runs under the mailbox lock on every submit and stop request; clear it (nil) before
    /// whatever it wakes is destroyed.
    func setWaker(_ waker: (() -> Void)?) {
        locked { self.waker = waker }
    }

    // MARK: - Private

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        condition.lock()
        defer { condition.unlock() }
        return try body()
    }

    private func didExit() {
        finishExit(locked { markExitedLocked() })
    }

    /// Marks the thread exited and returns what is left to fail.
    private func markExitedLocked() -> [Item] {
        exited = true
        waker = nil
        let leftovers = items
        items.removeAll()
        return leftovers
    }

    /// Fails leftovers and resumes exit waiters (outside the lock).
    private func finishExit(_ leftovers: [Item]) {
        leftovers.forEach { fail($0, .shutdown) }
        let waiters: [CheckedContinuation<Void, Never>] = locked {
            guard exited else { return [] }
            defer { exitWaiters.removeAll() }
            return exitWaiters
        }
        waiters.forEach { $0.resume() }
    }

    /// Before the thread starts nobody calls ``expireOverdue()``, so one timer task does, while items with a
    /// deadline wait.
    private func scheduleExpiryTimerLocked() {
        guard !timerScheduled, items.contains(where: { deadline($0) != nil }) else { return }
        timerScheduled = true
        Task.detached { [self] in
            while let next = nextDeadlineBeforeStart() {
                let delay = max(0, next.timeIntervalSinceNow)
                try? await Task.sleep(for: .milliseconds(Int(delay * 1000) + 1))
                expireOverdue()
            }
        }
    }

    /// The earliest deadline of a queued item while the thread has not started; nil (and the timer ends) otherwise.
    private func nextDeadlineBeforeStart() -> Date? {
        locked {
            let next = started || exited ? nil : items.compactMap(deadline).min()
            if next == nil { timerScheduled = false }
            return next
        }
    }
}
