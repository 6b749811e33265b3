import Foundation

extension PipelineState {
    /// Acquire the run's export lease, or leave a "dirty" mark for its holder to export again.
    static let acquireExport = RedisScript("""
    if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
      redis.call('DEL', KEYS[2])
      return 1
    end
    redis.call('SET', KEYS[2], '1')
    return 0
    """)

    /// Release the lease unless someone marked the run dirty meanwhile (then keep it and answer 1: export again).
    static let releaseExport = RedisScript("""
    if redis.call('GET', KEYS[2]) then
      redis.call('DEL', KEYS[2])
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      return 1
    end
    if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
    return 0
    """)

    /// Runs `export` under the run's export lease. When another process holds the lease, this one only marks the
    /// run dirty and returns false; the holder exports again before releasing, so no finished movie is left out.
    @discardableResult
    public func exclusiveExport(runId: String, leaseSeconds: Int = 300, _ export: () throws -> Void) async throws -> Bool {
        let keys = [PipelineKeys.exportLock(runId), PipelineKeys.exportLock(runId) + ":dirty"]
        let owner = "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UUID().uuidString)"
        let lease = String(leaseSeconds * 1000)
        guard try await redis.eval(Self.acquireExport, keys: keys, arguments: [owner, lease]).int == 1 else { return false }
        repeat {
            try export()
        } while try await redis.eval(Self.releaseExport, keys: keys, arguments: [owner, lease]).int == 1
        return true
    }
}
