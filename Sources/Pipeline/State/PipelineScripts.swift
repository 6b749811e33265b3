import Models
import Clients
import DreamFrameCore
import Foundation

/// The Lua scripts that make the pipeline's multi-step Redis updates atomic.
enum PipelineScripts {
    /// Message claim: 'done' if message ARGV[3] is in the movie's handled set KEYS[1] or the movie hash KEYS[3] says
    /// the movie is done; 'busy' if another owner holds the in-flight lease KEYS[2]; else take it for owner ARGV[1]
    /// for ARGV[2] ms, count the start in KEYS[4] (unless the claim was already ours) and answer how many unfinished
    /// starts it has.
    static let claimMessage = RedisScript(claimBody)

    /// The claim both scripts end with (keys and arguments as ``claimMessage``).
    private static let claimBody = """
    if redis.call('HEXISTS', KEYS[1], ARGV[3]) == 1 then return 'done' end
    if redis.call('HGET', KEYS[3], 'state') == 'done' then return 'done' end
    local holder = redis.call('GET', KEYS[2])
    if holder and holder ~= ARGV[1] then return 'busy' end
    redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
    if holder == ARGV[1] then return tonumber(redis.call('GET', KEYS[4]) or '1') end
    local starts = redis.call('INCR', KEYS[4])
    redis.call('EXPIRE', KEYS[4], 86400)
    return starts
    """

    /// The door's store checks, then the message claim of ``claimMessage``: 'gone' when the movie hash KEYS[3] does
    /// not exist; {'nostyle', the movie's style_id or ''} when style ARGV[4] is given, its cache key KEYS[5] does not
    /// exist and the movie's own style is another; both before any write. Otherwise as ``claimMessage``.
    static let admitAndClaim = RedisScript("""
    if redis.call('EXISTS', KEYS[3]) == 0 then return 'gone' end
    if ARGV[4] ~= '' and redis.call('EXISTS', KEYS[5]) == 0 then
      local own = redis.call('HGET', KEYS[3], 'style_id')
      if own ~= ARGV[4] then return {'nostyle', own or ''} end
    end

    """ + claimBody)

    /// Renew owner ARGV[1]'s in-flight lease KEYS[1] to ARGV[2] ms; 1 if it was still ours.
    static let renewClaim = RedisScript("""
    if redis.call('GET', KEYS[1]) == ARGV[1] then
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      return 1
    end
    return 0
    """)

    /// Release owner ARGV[1]'s lease KEYS[1]; 1 if it was ours.
    static let releaseLease = RedisScript("""
    if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
    return 0
    """)

    /// Finish: add message ARGV[3] to the movie's handled set KEYS[1] (which then lives ARGV[2] s) unless the movie
    /// hash KEYS[4] says the movie is done (that answers for every message of it), and release owner ARGV[1]'s lease
    /// KEYS[2] and the start count KEYS[3] (the handling ended, well or with a clean failure). With ARGV[3] empty,
    /// only release. Returns 1 when this call finished the message first: it was not in the handled set yet (or,
    /// for a done movie, the owner still held its lease); 0 when a twin finished it first — the owner's lease lapsed
    /// while it ran (a host cut off from Redis) and another process took the message over.
    static let finishMessage = RedisScript("""
    local handled, lease, starts, movie = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
    local owner, retention, message = ARGV[1], ARGV[2], ARGV[3]
    """ + finishBody + """

    return first
    """)

    /// The finish both finishing scripts end with: sets `first` (locals `handled`, `lease`, `starts`, `movie`,
    /// `owner`, `retention`, `message` as ``finishMessage``'s keys and arguments).
    private static let finishBody = """
    local first = 0
    if message ~= '' then
      if redis.call('HGET', movie, 'state') ~= 'done' then
        first = redis.call('HSETNX', handled, message, '1')
        redis.call('EXPIRE', handled, retention)
      elseif redis.call('GET', lease) == owner then
        first = 1
      end
    end
    if redis.call('GET', lease) == owner then
      redis.call('DEL', lease)
      redis.call('DEL', starts)
    end
    """

    /// Forward-only state: set field 'state' of movie hash KEYS[1] to ARGV[2] (rank ARGV[1]) with the field/value
    /// pairs ARGV[4..], unless the current state ranks higher. Returns 1 if it moved. A move renews the lifetime
    /// (ARGV[3] s) of the movie hash and of its run's hash KEYS[2] and movie index KEYS[3].
    static let advanceMovie = RedisScript("""
    local ranks = {\(MovieState.allCases.map { "['\($0.rawValue)']=\($0.rank)" }.joined(separator: ", "))}
    local current = redis.call('HGET', KEYS[1], 'state')
    if current and ranks[current] and ranks[current] > tonumber(ARGV[1]) then return 0 end
    redis.call('HSET', KEYS[1], 'state', ARGV[2], unpack(ARGV, 4))
    for i = 1, 3 do redis.call('EXPIRE', KEYS[i], ARGV[3]) end
    return 1
    """)

    /// Fan-in: mark unit ARGV[1] done in bitmap KEYS[1]; when ARGV[2] units are done, the first message (ARGV[3])
    /// to see it claims flag KEYS[2]. Returns 1 to the claimer — again on its redelivery, so a crash between the
    /// claim and the publish is recovered — and 0 to everyone else. Also stamps KEYS[3] (movie hash) field ARGV[4]
    /// with the time ARGV[5] on the claim, and field ARGV[6] (last progress) when the unit was new; a new unit renews
    /// the lifetime (ARGV[7] s) of the bitmap and the movie hash, the claim flag gets the same.
    static let markAndClaim = RedisScript(markBody + """
    return won
    """)

    /// ``markAndClaim``, then — unless it answers 1 — ``finishMessage`` of message ARGV[9] held by owner ARGV[8]
    /// (handled set KEYS[4], lease KEYS[5], start count KEYS[6]; the movie hash and lifetime as ``markAndClaim``'s),
    /// in one round trip: every unit of a fan-in but the one that completes it is its message's last step. Returns
    /// 2 when the fan-in is this claimant's (nothing finished), else ``finishMessage``'s answer (1 or 0).
    static let markAndClaimOrFinish = RedisScript(markBody + """
    if won == 1 then return 2 end
    local handled, lease, starts, movie = KEYS[4], KEYS[5], KEYS[6], KEYS[3]
    local owner, retention, message = ARGV[8], ARGV[7], ARGV[9]
    """ + finishBody + """

    return first
    """)

    /// The mark and claim both fan-in scripts begin with: sets `won` (keys and arguments as ``markAndClaim``).
    private static let markBody = """
    local won = 0
    if redis.call('SETBIT', KEYS[1], ARGV[1], 1) == 0 then
      redis.call('HSET', KEYS[3], ARGV[6], ARGV[5])
      redis.call('EXPIRE', KEYS[1], ARGV[7])
      redis.call('EXPIRE', KEYS[3], ARGV[7])
    end
    if redis.call('BITCOUNT', KEYS[1]) >= tonumber(ARGV[2]) then
      if redis.call('SET', KEYS[2], ARGV[3], 'NX', 'EX', ARGV[7]) then
        redis.call('HSETNX', KEYS[3], ARGV[4], ARGV[5])
        won = 1
      elseif redis.call('GET', KEYS[2]) == ARGV[3] then
        won = 1
      end
    end

    """

    /// Progress without a fan-in: mark unit ARGV[1] done in bitmap KEYS[1] and, when it was new, stamp field ARGV[2]
    /// (last progress) of movie hash KEYS[2] with the time ARGV[3], renewing both keys' lifetime (ARGV[4] s).
    static let markProgress = RedisScript("""
    if redis.call('SETBIT', KEYS[1], ARGV[1], 1) == 0 then
      redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
      redis.call('EXPIRE', KEYS[1], ARGV[4])
      redis.call('EXPIRE', KEYS[2], ARGV[4])
    end
    return 1
    """)

    /// First result wins: store ARGV[2] under field ARGV[1] of hash KEYS[1] unless one is there; when it was
    /// stored, stamp field ARGV[3] (last progress) of movie hash KEYS[2] with the time ARGV[4]. The hash lives
    /// ARGV[5] s from now. Returns the stored result.
    static let commitResult = RedisScript("""
    if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 1 then redis.call('HSET', KEYS[2], ARGV[3], ARGV[4]) end
    redis.call('EXPIRE', KEYS[1], ARGV[5])
    return redis.call('HGET', KEYS[1], ARGV[1])
    """)

    /// Repair lease: take lease KEYS[1] for owner ARGV[1] for ARGV[2] ms when it is free, or extend it when it is
    /// already ours. Returns 1 to the holder.
    static let repairLease = RedisScript("""
    local holder = redis.call('GET', KEYS[1])
    if holder and holder ~= ARGV[1] then return 0 end
    redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
    return 1
    """)

    /// Style claim: 'ready' if KEYS[1] (the embedding) exists; 'learn' if the lease KEYS[2] is free or already ours
    /// (ARGV[1], renewed for ARGV[2] ms); otherwise park ARGV[3] in the waiters set KEYS[3] and answer 'wait'.
    /// Atomic with the existence check, so no waiter can register after the style landed and be forgotten.
    static let claimStyle = RedisScript("""
    if redis.call('EXISTS', KEYS[1]) == 1 then return 'ready' end
    local holder = redis.call('GET', KEYS[2])
    if (not holder) or holder == ARGV[1] then
      redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
      return 'learn'
    end
    redis.call('SADD', KEYS[3], ARGV[3])
    redis.call('EXPIRE', KEYS[3], ARGV[4])
    return 'wait'
    """)

    /// Store a learned style (first result wins), release the lease, and return the stored value.
    static let storeStyle = RedisScript("""
    redis.call('SET', KEYS[1], ARGV[1], 'NX')
    if redis.call('GET', KEYS[2]) == ARGV[2] then redis.call('DEL', KEYS[2]) end
    return redis.call('GET', KEYS[1])
    """)

    /// Index pruning: remove from the runs index KEYS[1] every run created before ARGV[1] whose hash (ARGV[2] followed
    /// by the run id) has expired. Returns how many were removed.
    static let pruneRuns = RedisScript("""
    local removed = 0
    for _, run in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])) do
      if redis.call('EXISTS', ARGV[2] .. run) == 0 then
        redis.call('ZREM', KEYS[1], run)
        removed = removed + 1
      end
    end
    return removed
    """)
}
