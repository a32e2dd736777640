/*
 * cached_move.pml: the cached-move table's update round (docs/tables.md, "Move
 * protocol" and "Extended quiescent state"), as CachedMoveTable.Insert runs it when the
 * table grows: publish the new state (W2), ask every view (W3), the process-wide barrier
 * (W3b), publish the count (W7); then, on the writer's thread or deferred to the SRCU
 * domain's worker (VcpuTable.RetireAfterRound), wait for each view (W4: its
 * acknowledgement, the writer updating a parked view itself, or the vCPU in guest
 * mode), SRCU grace period (W5), retire the old state (W6). The Writer process runs
 * W1..W7 round after round; a Retirer process runs W4..W6 for each round once the
 * writer has asked (W3b), so the writer's next round may begin before the last one's
 * retirement, and every interleaving of the two is explored, the synchronous one among
 * them. vCPUs run the loop of Vcpu.RunLoop.cs; one foreign reader reads under SRCU
 * (SrcuDomain's two counter sets). docs/models.md maps every step to the code.
 *
 * States are numbered 0..ROUNDS: round k publishes state k, which holds members 0..k
 * (state 0, the initial one, holds member 0). cnt[s] is state s's published count.
 *
 * Memory model: Promela is sequentially consistent. The one reordering the argument
 * depends on is the vCPU's plain (release) store of OutsideGuest (X1, and the entry
 * path that finds a request) followed by a load: x86-TSO lets the load run while the
 * store sits in the store buffer. So that store goes through a one-entry store buffer
 * (mode_buf) that drains at any time (decided when the writer reads _mode), at the
 * vCPU's own full fences (Interlocked), and when the writer's process-wide barrier
 * (W3b) runs. Other stores are visible at once: a stronger-than-TSO order for them is
 * sound here because no property depends on seeing them late (docs/models.md).
 *
 * Properties:
 *   safety (pan -DSAFETY): the assertions below (no read of a retired state, by an own
 *     view or a foreign SRCU reader; a published count is findable in every own view)
 *     and no invalid end state (the writer never waits forever on blocked vCPUs);
 *   liveness (spin -DLIVENESS, pan -a -f): growth_ends, <> wdone, under weak fairness:
 *     every vCPU keeps running (or blocks), so the writer's wait ends.
 *
 * Mutants (spin -DMUTANT_...), each a way the C# could be wrong; docs/models.md says
 * which line each one breaks:
 *   MUTANT_COUNT_BEFORE_MOVES    W7 right after W2, before the views are asked
 *   MUTANT_REQUEST_BEFORE_PUBLISH W3 before W2: a view moves to the old state
 *   MUTANT_NO_WAIT_RUNNING       W4 counts a running view done even inside its exit handler
 *   MUTANT_EQS_READ_BEFORE_MOVE  RingDoorbell reads the view before X2 moves it
 *   MUTANT_NO_MEMBARRIER         W3b removed: X1 may still sit in the store buffer
 *   MUTANT_RETIRE_BEFORE_SYNC    W6 before W5
 *   MUTANT_SRCU_LOAD_BEFORE_LOCK the foreign reader loads _shared before ReadLock's count
 *                                (the JIT hoisting the load, without the acquire read-back)
 *   MUTANT_SRCU_NO_MEMBARRIER    W5 without the process-wide barrier: ReadLock's count may
 *                                still sit in the store buffer while the reader loads _shared
 *   MUTANT_WAIT_FOR_PARKED       W4 waits for a parked view's own ack instead of updating
 *                                it (a liveness mutant: the writer waits on a sleeping vCPU)
 */

#ifndef NV
#define NV 2            /* vCPUs */
#endif
#ifndef ROUNDS
#define ROUNDS 1        /* growths, each a full round (2: see docs/models.md) */
#endif
#ifndef FREADS
#define FREADS 1        /* foreign read sections */
#endif

#define NONE    0       /* store buffer empty */
#define OUTSIDE 1       /* VcpuMode.OutsideGuest */
#define INGUEST 2       /* VcpuMode.InGuest (ExitingGuest is the same to the writer: != ReadingPeers) */
#define HANDLING 3      /* VcpuMode.ReadingPeers: the one mode the writer waits for */

#define PARKED   0      /* OwnView._mode */
#define RUNNING  1
#define UPDATING 2      /* UpdatingForParked */

byte shared = 0;                /* CachedMoveTable._shared */
byte cnt[ROUNDS + 1];           /* SlotArrayState.Count, per state */
bool retired[ROUNDS + 1];       /* srcu.Retire(state) has been called */
byte seen = 1;                  /* the largest count a foreign reader has read (told to every vCPU's guest) */
byte published = 0;             /* rounds the writer has asked every view for (W3b done): the Retirer's work */

/* per view / per vCPU */
byte cached[NV];                /* OwnView.Cached */
byte requested[NV];             /* OwnView._requested */
byte acked[NV];                 /* OwnView._acknowledged */
byte vmode[NV];                 /* OwnView._mode, starts Parked */
bool pend[NV];                  /* the vCPU's UpdateVcpus request bit */
byte mode_mem[NV];              /* Vcpu._mode as other threads see it */
byte mode_buf[NV];              /* a store of _mode not yet visible (TSO store buffer) */

/* SRCU: one reader thread's counts (sums of one). ReadLock's count is a plain store,
   which x86-TSO lets the reader's next load overtake: it waits in lock_buf until it
   drains (at any time: decided lazily, when the writer reads the counts), until the
   reader's next store (the unlock: TSO keeps stores in order), or until W5's
   process-wide barrier. */
bit  srcu_idx = 0;
byte locks[2];
byte unlocks[2];
bool lock_buf = false;
bit  lock_buf_idx = 0;
#define SRCU_FLUSH if :: lock_buf -> locks[lock_buf_idx]++; lock_buf = false :: else -> skip fi
#define SRCU_DRAIN_MAYBE atomic { if :: SRCU_FLUSH :: true fi }

bool wfinished = false;         /* the writer finished every round (W1..W7) */
bool wdone = false;             /* ...and the Retirer every round's W4..W6 */

/* A store buffer drains at any time; only the writer reads another thread's _mode, so
   draining is decided lazily, when it reads (the same executions as a draining process,
   fewer interleavings). */
#define DRAIN_MAYBE(i) if :: FLUSH(i) :: true fi
#define FLUSH(i) if :: mode_buf[i] != NONE -> mode_mem[i] = mode_buf[i]; mode_buf[i] = NONE :: else -> skip fi

/* OwnView.ProcessPendingUpdate: acquire _requested; if new, cache _shared (acquire), release the ack. */
inline process_pending_update(i) {
    r = requested[i];
    if
    :: r != acked[i] ->
        atomic { cached[i] = shared; acked[i] = r }  /* the ack only follows the load: one step */
    :: else -> skip
    fi;
    r = 0
}

/* RingDoorbell: _view.GetById, the vCPU's only read of its view. `d` is the largest count
   the guest knew of when it named its doorbell's target, in the guest, before the exit. */
inline read_view(i) {
    atomic {
        assert(!retired[cached[i]]);        /* own view reads a retired state */
        assert(d <= cached[i] + 1)          /* a published count whose member the view cannot find */
    }
}

proctype Vcpu(byte i) {
    byte r, d = 0;
    /* ThreadMain, and after a block: _view.Resume(): CAS Parked -> Running (a full fence),
       spinning while the writer holds the view in Updating */
resume:
    atomic { vmode[i] == PARKED -> vmode[i] = RUNNING; FLUSH(i) };
    process_pending_update(i);
entering:
    /* EnterGuest, T2: Interlocked.Exchange(ref _mode, InGuest): drains the store buffer, then stores */
    atomic { FLUSH(i); mode_mem[i] = INGUEST };
    /* T3: if (_requests.AnyPending) { Volatile.Write(ref _mode, Outside); HandlingRequests } */
    atomic {
        if
        :: pend[i] -> mode_buf[i] = OUTSIDE; goto handling_requests
        :: else -> skip
        fi
    };
guest:
    /* RunGuest: backend.Run(); the guest reads nothing through the view and runs as long
       as it likes; when Run returns, Volatile.Write(ref _mode, OutsideGuest), buffered. The
       rest of the exit's handling reads no peer, until a doorbell's lookup: X1,
       Volatile.Write(ref _mode, ReadingPeers), buffered (one slot: the first drains). */
    if
    :: goto guest
    :: atomic { d = seen; mode_buf[i] = OUTSIDE }  /* the guest named its target from what it knew */
    fi;
    atomic { FLUSH(i); mode_buf[i] = HANDLING };
#ifdef MUTANT_EQS_READ_BEFORE_MOVE
    read_view(i);
    process_pending_update(i);              /* X2 too late */
#else
    process_pending_update(i);              /* X2 MoveViewIfAsked */
    read_view(i);                           /* RingDoorbell: GetById, then queue and kick the peer */
#endif
    d = 0;                                  /* the target is used: forget it (fewer states) */
    /* X3: Volatile.Write(ref _mode, OutsideGuest), release, buffered. The model's store
       buffer has one slot, so X1 drains first: a writer reading after W3b finds the
       buffer empty anyway (the argument in docs/tables.md), so no interleaving that
       matters is lost. */
    atomic { FLUSH(i); mode_buf[i] = OUTSIDE };
    if
    :: goto entering                        /* Io, Interrupted */
    :: goto halted                          /* Halt (or Pause: the same Park and Resume) */
    fi;
handling_requests:
    /* HandleRequests -> TryConsume(UpdateVcpus): T3 test, T4 Interlocked.And (a full fence) */
    if
    :: atomic { pend[i] -> FLUSH(i); pend[i] = false };
        process_pending_update(i)           /* RunHandler(UpdateVcpus) */
    :: else -> skip
    fi;
    goto entering;
halted:
    /* BlockWhileHalted: _view.Park(): move if asked, then release-store Parked. Then the
       block gate: UpdateVcpus comes without a kick, so the vCPU may sleep for good
       (requests.pml checks the gate itself), or other work wakes it. */
    process_pending_update(i);
    if
    :: vmode[i] = PARKED; end_blocked: false
    :: vmode[i] = PARKED; goto resume
    fi
}

proctype Writer() {
    byte k = 0, i;
    do
    :: k < ROUNDS ->
        cnt[k + 1] = cnt[k];                /* `old` is state k: the writer lock orders the rounds */              /* W1 GrowToFit copies, grown.Count = old count; Store(member) */
#ifdef MUTANT_REQUEST_BEFORE_PUBLISH
        i = 0;
        do :: i < NV -> atomic { requested[i] = k + 1; pend[i] = true }; i++ :: else -> break od;
        shared = k + 1;                     /* W2 after W3 */
#else
        shared = k + 1;                     /* W2 Volatile.Write(ref _shared, grown) */
#endif
#ifdef MUTANT_COUNT_BEFORE_MOVES
        cnt[k + 1]++;                       /* W7 too early */
#endif
#ifndef MUTANT_REQUEST_BEFORE_PUBLISH
        /* W3 ParticipantSet.Begin: view.Request(round): _requested (release), then
           RequestUpdate: Raise(UpdateVcpus), ticket and Interlocked.Or, no kick */
        i = 0;
        do :: i < NV -> requested[i] = k + 1; pend[i] = true; i++ :: else -> break od;
#endif
#ifndef MUTANT_NO_MEMBARRIER
        /* W3b Interlocked.MemoryBarrierProcessWide: every CPU drains its store buffer */
        atomic { i = 0; do :: i < NV -> FLUSH(i); i++ :: else -> break od; i = 0 };
#endif
        /* RetireAfterRound hands the round over (W4..W6, on this thread or the worker), then
           W7 grown.PublishCount(n + 1). One step: the earliest W7 the code allows; a later W7
           (the synchronous path publishes after W4) only lets readers know less, which
           weakens the count assertion and touches no other property (docs/models.md). */
        atomic {
            published = k + 1;
#ifndef MUTANT_COUNT_BEFORE_MOVES
            cnt[k + 1]++;
#endif
            k++
        }
    :: else -> break
    od;
    wfinished = true
}

/* VcpuTable.RetireAfterRound, round by round: FinishesSoon on the writer's thread, or
   RetireWhenRoundEnds on the SRCU domain's worker (whose Defer is a grace period begun
   after W2); either way W4, then Retire: its grace period (W5), then the state is handed
   to reclamation (W6). */
proctype Retirer() {
    byte k = 0, i;
    bool eqs = false;
    do
    :: k < ROUNDS ->
        published > k;
        /* W4: until TryFinish(round): each view acknowledged, was updated parked, or is quiescent */
        i = 0;
        do
        :: i < NV ->
            do
            :: acked[i] >= k + 1 -> break            /* own acknowledgement (acquire) */
            :: else ->
                if
#ifndef MUTANT_WAIT_FOR_PARKED
                :: atomic { vmode[i] == PARKED -> vmode[i] = UPDATING };   /* CAS Parked -> Updating */
                    cached[i] = shared;              /* CacheState(SharedStateForOwnViews()) */
                    acked[i] = k + 1;
                    vmode[i] = PARKED;               /* release: pairs with Resume's CAS */
                    break
#endif
                :: atomic { vmode[i] != PARKED -> skip };
                    /* IsOwnerAwayFromView: Running => IsInExtendedQuiescentState */
                    if
                    :: vmode[i] == RUNNING ->
#ifdef MUTANT_NO_WAIT_RUNNING
                        break
#else
                        /* Volatile.Read(ref _mode) != ReadingPeers; a buffered store may or may not have drained */
                        atomic { DRAIN_MAYBE(i); eqs = (mode_mem[i] != HANDLING) };
                        if
                        :: eqs -> eqs = false; break
                        :: else -> skip
                        fi
#endif
                    :: else -> skip
                    fi
                fi
            od;
            i++
        :: else -> i = 0; break
        od;
#ifdef MUTANT_RETIRE_BEFORE_SYNC
        retired[k] = true;
#endif
        /* W5 the grace period Retire waits for: the process-wide barrier (BeginGracePeriod),
           then drain the inactive set, flip, drain the formerly active set */
#ifndef MUTANT_SRCU_NO_MEMBARRIER
        atomic { SRCU_FLUSH };
#endif
        SRCU_DRAIN_MAYBE;
        atomic { unlocks[1 - srcu_idx] == locks[1 - srcu_idx] };
        srcu_idx = 1 - srcu_idx;
        SRCU_DRAIN_MAYBE;
        atomic { unlocks[1 - srcu_idx] == locks[1 - srcu_idx] };
#ifndef MUTANT_RETIRE_BEFORE_SYNC
        retired[k] = true;                  /* W6 the state handed to reclamation (poisoned) */
#endif
        k++
    :: else -> break
    od;
    wfinished;
    wdone = true
}

/* CachedMoveTable.ReadForeign and ForeignView: an SRCU section around one lookup. */
proctype ForeignReader() {
    byte n = 0, idx, s, c;
    do
    :: n < FREADS ->
#ifdef MUTANT_SRCU_LOAD_BEFORE_LOCK
        s = shared;
#endif
        idx = srcu_idx;                     /* ReadLock: Volatile.Read(ref _index) */
        atomic { lock_buf_idx = idx; lock_buf = true };  /* the count's plain store (and its read-back) */
#ifndef MUTANT_SRCU_LOAD_BEFORE_LOCK
        s = shared;                         /* Volatile.Read(ref _shared) */
#endif
        atomic {
            assert(!retired[s]);            /* foreign reader uses a retired state */
            c = cnt[s]                      /* state.ReadCount() */
        };
        if :: c > seen -> seen = c :: else -> skip fi;  /* tells the vCPUs the count it saw */
        atomic { SRCU_FLUSH; unlocks[idx]++ };  /* ReadUnlock: release store, after the count's */
        idx = 0; s = 0; c = 0;
        n++
    :: else -> break
    od
}

init {
    byte i;
    atomic {
        cnt[0] = 1;
        i = 0;
        do :: i < NV -> vmode[i] = PARKED; mode_mem[i] = OUTSIDE; i++ :: else -> break od;
        i = 0;
        do :: i < NV -> run Vcpu(i); i++ :: else -> break od;
        run Writer();
        run Retirer();
        run ForeignReader()
    }
}

#ifdef LIVENESS
ltl growth_ends { <> wdone }
#endif
