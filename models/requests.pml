/*
 * requests.pml: requests, kicks and blocking (docs/requests.md). One vCPU runs the loop
 * of Vcpu.RunLoop.cs (EnterGuest, RunGuest, HandleRequests, BlockWhileHalted);
 * NREQ requesters each raise one request of the same kind (MakeRequest: T0 ticket, T1
 * bit, Kick), so their requests may coalesce; NIRQ senders each queue one interrupt
 * (QueueInterrupt: increment, Kick). Kick is BlockGate.WakeIfBlocked (W2), then the CAS
 * InGuest -> ExitingGuest and, if it won, the backend's kick flag, which Run consumes.
 * docs/models.md maps every step to the code.
 *
 * Memory model: Promela is sequentially consistent. The vCPU's plain stores of
 * OutsideGuest (Volatile.Write, after Run returns and on the entry path that found a
 * request) go through a one-entry store buffer that drains at any time (decided when a
 * kicker's CAS reads _mode) and at the vCPU's own full fences (every Interlocked
 * operation). A missing fence is modelled as the reordering it allows: the load moved
 * above the store it should follow.
 *
 * Properties:
 *   safety (pan -DSAFETY):
 *     - "lost request": the guest runs with no kick pending, every requester and sender
 *       has finished, yet a ticket is unconsumed or an interrupt is queued: nothing will
 *       ever interrupt that run (a guest that never exits by itself runs for good);
 *     - "lost wake-up": the vCPU sleeps, nothing else can move, and the work its B2
 *       check looks for is pending;
 *     - tickets: every ticket is consumed by exactly one handler run (ranges
 *       (consumed, last] never overlap, never pass the tickets raised);
 *   liveness (spin -DLIVENESS, pan -a -f): all_served, <> (every ticket consumed and
 *     every interrupt delivered), under weak fairness (the vCPU keeps running).
 *
 * Mutants (spin -DMUTANT_...):
 *   MUTANT_KICK_BEFORE_REQUEST  the requester kicks (gate and CAS) before its T0/T1
 *   MUTANT_NO_T2_FENCE          T3's load of _pending runs before T2's store of InGuest
 *   MUTANT_NO_B1_FENCE          B2's work check runs before B1's announcement
 *   MUTANT_WAKE_BEFORE_PUBLISH  the interrupt sender reads _blocking before its increment
 *   MUTANT_TICKET_BEFORE_CLEAR  T4 reads _raised before it clears the bit
 *   MUTANT_RESET_AFTER_CHECK    _wake.Reset() after B2 instead of before B1
 *   MUTANT_TICKET_RANGE_OVERLAP a run's range starts at _consumed, not _consumed + 1
 *   VARIANT_RESET_AFTER_ANNOUNCE _wake.Reset() between B1 and B2: not a bug (docs/models.md)
 *
 * With -DNIRQ=2 the lost-request assertion fails for the code as built: two interrupts
 * queued while the vCPU is outside guest mode, one injected per entry, no kick pending
 * for the other (docs/models.md, "Findings").
 */

#ifndef NREQ
#define NREQ 2
#endif
#ifndef NIRQ
#define NIRQ 1
#endif

#define NONE    0
#define OUTSIDE 1       /* VcpuMode.OutsideGuest */
#define INGUEST 2       /* VcpuMode.InGuest */
#define EXITING 3       /* VcpuMode.ExitingGuest */

byte mode_mem = OUTSIDE;        /* Vcpu._mode as other threads see it */
byte mode_buf = NONE;           /* the vCPU's store of _mode not yet visible */
bool pend = false;              /* VcpuRequests._pending, one kind */
byte raised = 0;                /* _raised[kind]: tickets handed out */
byte consumed = 0;              /* _consumed[kind] */
byte covered = 0;               /* bit t: ticket t was in some handler run's range */
byte pirq = 0;                  /* Vcpu._pendingInterrupts */
bool injected = false;          /* SimulatedVcpu._interruptInjected */
byte delivered = 0;             /* interrupts the guest took */
bool kick = false;              /* SimulatedVcpu._kickPending */
bool blocking = false;          /* BlockGate._blocking */
bool wake = false;              /* BlockGate._wake (ManualResetEventSlim) */
byte finished = 0;              /* requesters and senders that have returned */

#define FLUSH    if :: mode_buf != NONE -> mode_mem = mode_buf; mode_buf = NONE :: else -> skip fi
#define DRAIN_MAYBE if :: FLUSH :: true fi
/* B2: HasWorkWhileHalted: a request, or an interrupt the guest can take */
#define WORK     (pend || (pirq > 0 && !injected))
#define ALL_FINISHED (finished == NREQ + NIRQ)

/* Vcpu.Kick: WakeIfBlocked (W2), then CAS InGuest -> ExitingGuest, then backend.Kick() */
inline wake_if_blocked() {
    if :: blocking -> wake = true :: else -> skip fi
}
inline cas_and_kick() {
    atomic {
        DRAIN_MAYBE;
        if
        :: mode_mem == INGUEST -> mode_mem = EXITING; won = true
        :: else -> skip
        fi
    };
    if :: won -> kick = true; won = false :: else -> skip fi
}

active proctype Vcpu() {
    byte first, last, t;
entering:
#ifdef MUTANT_NO_T2_FENCE
    /* T3 hoisted above T2 */
    if
    :: pend -> atomic { FLUSH; mode_mem = INGUEST }; mode_buf = OUTSIDE; goto handling_requests
    :: else -> atomic { FLUSH; mode_mem = INGUEST }
    fi;
#else
    /* T2 Interlocked.Exchange(ref _mode, InGuest): drains the store buffer, then stores */
    atomic { FLUSH; mode_mem = INGUEST };
    /* T3 if (_requests.AnyPending) { Volatile.Write(ref _mode, Outside); HandlingRequests } */
    atomic {
        if
        :: pend -> mode_buf = OUTSIDE; goto handling_requests
        :: else -> skip
        fi
    };
#endif
    /* InjectPendingInterrupt: read the count (after T2), Interlocked.Decrement (a full fence) */
    atomic {
        if
        :: pirq > 0 && !injected -> FLUSH; pirq--; injected = true
        :: else -> skip
        fi
    };
    /* backend.Run(): the guest takes an injected interrupt first (TakeInjectedInterrupt) */
    atomic { if :: injected -> injected = false; delivered++ :: else -> skip fi };
running:
    /* the guest runs; ConsumeKick (Interlocked.Exchange) ends the run */
    if
    :: atomic { kick -> kick = false; FLUSH }; goto exited   /* Interrupted */
    :: atomic { !kick -> assert(!(ALL_FINISHED && (consumed < NREQ || pirq > 0))) };  /* lost request */
        if
        :: goto running                     /* keeps computing */
        :: goto exited                      /* Io */
        :: mode_buf = OUTSIDE; goto halted  /* Halt: RunGuest's X1, then HandleExit -> Halted */
        fi
    fi;
exited:
    /* RunGuest: X1 Volatile.Write(ref _mode, Outside); HandleExit -> Entering */
    mode_buf = OUTSIDE;
    goto entering;
handling_requests:
    /* TryConsume: T3 test (acquire); T4 Interlocked.And, then read _raised */
    if
    :: pend ->
#ifdef MUTANT_TICKET_BEFORE_CLEAR
        last = raised;
        atomic { FLUSH; pend = false };
#else
        atomic { FLUSH; pend = false };
        last = raised;
#endif
#ifdef MUTANT_TICKET_RANGE_OVERLAP
        first = consumed;                   /* off by one: the last run's last ticket again */
#else
        first = consumed + 1;
#endif
        if
        :: first > last -> skip            /* an empty run: an earlier run took the ticket */
        :: else ->
            /* RunHandler, then T5 Interlocked.Exchange(ref _consumed[kind], last) */
            atomic {
                t = first;
                do
                :: t <= last -> assert(!(covered & (1 << t))); covered = covered | (1 << t); t++
                :: else -> break
                od;
                assert(last <= raised);
                FLUSH;
                consumed = last;
                t = 0
            }
        fi;
        first = 0; last = 0
    :: else -> skip
    fi;
    goto entering;
halted:
    /* BlockWhileHalted: _gate.PrepareToBlock(): _wake.Reset(), B1 Exchange(_blocking, 1) */
#ifdef MUTANT_NO_B1_FENCE
    if
    :: WORK -> atomic { wake = false; FLUSH; blocking = true }; goto cancel
    :: else -> atomic { wake = false; FLUSH; blocking = true }
    fi;
#else
#if defined(VARIANT_RESET_AFTER_ANNOUNCE) || defined(MUTANT_RESET_AFTER_CHECK)
    atomic { FLUSH; blocking = true };
#else
    wake = false;
    atomic { FLUSH; blocking = true };
#endif
#ifdef VARIANT_RESET_AFTER_ANNOUNCE
    wake = false;
#endif
    /* B2 HasWorkWhileHalted */
    if
    :: WORK -> goto cancel
    :: else -> skip
    fi;
#ifdef MUTANT_RESET_AFTER_CHECK
    wake = false;
#endif
#endif
    /* Block: _wake.Wait(), then _blocking = 0 */
end_blocked:
    if
    :: wake -> skip
    :: timeout -> assert(!WORK); end_idle: false   /* lost wake-up: asleep with work, nobody left to wake it */
    fi;
    blocking = false;
    goto entering;
cancel:
    blocking = false;                       /* Cancel */
    goto entering
}

/* Vcpu.MakeRequest: VcpuRequests.Raise (T0, T1), then Kick (T2') */
active [NREQ] proctype Requester() {
    bool won = false;
#ifdef MUTANT_KICK_BEFORE_REQUEST
    wake_if_blocked();
    cas_and_kick();
#endif
    raised++;                               /* T0 Interlocked.Increment: the ticket */
    pend = true;                            /* T1 Interlocked.Or: the bit */
#ifndef MUTANT_KICK_BEFORE_REQUEST
    wake_if_blocked();
    cas_and_kick();
#endif
    finished++
}

/* Vcpu.QueueInterrupt: Interlocked.Increment (W1), then Kick */
active [NIRQ] proctype Sender() {
    bool won = false;
#ifdef MUTANT_WAKE_BEFORE_PUBLISH
    wake_if_blocked();
    pirq++;
#else
    pirq++;
    wake_if_blocked();
#endif
    cas_and_kick();
    finished++
}

#ifdef LIVENESS
ltl all_served { <> (consumed == NREQ && delivered == NIRQ) }
#endif
