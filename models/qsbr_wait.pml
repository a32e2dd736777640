/*
 * QsbrDomain's blocked grace period and the reader that wakes it (docs/rcu.md,
 * QsbrDomain's "Waiting"; src/Rcuvisor.Rcu/QsbrDomain.cs, GracePeriodFutex.cs).
 *
 * The writer has advanced the counter and waits for one reader's slot to show it. Past
 * its spins it blocks: arm the futex word (-1, Interlocked.Exchange: a full fence),
 * re-read the slot, FUTEX_WAIT while the word is -1. The reader announces: a store to its
 * slot, a full fence, a load of the word; if armed, a compare-exchange -1 -> 0 and then
 * FUTEX_WAKE. The property: the writer never sleeps for good, with the code's 1 ms
 * backstop left out of the model, so that no progress may rest on it. A writer asleep
 * when every other process has ended is an invalid end state for pan.
 *
 * Memory model: the reader's slot store goes through a store buffer (x64's TSO, the one
 * reordering the fences are there for: a later load passing an earlier store), drained
 * by its fence or at any time. The writer's arming is an exchange (a locked instruction:
 * no buffer), and its re-read is a plain load of memory.
 *
 * Mutants (each must end in an invalid end state):
 *   MUTANT_NO_READER_FENCE  the reader loads the word with its slot store still buffered
 *   MUTANT_NO_RECHECK       the writer sleeps right after arming, without re-reading the slot
 *   MUTANT_WAKE_NO_DISARM   the reader wakes without disarming the word first: a wake that
 *                           lands between the writer's re-read and its FUTEX_WAIT is lost
 */

#define ARMED 255

byte slot = 0;          /* the reader's slot in memory: 1 once its announcement is visible */
bool buffered = false;  /* the reader's slot store, still in its store buffer */
byte word = 0;          /* the futex word: ARMED while the writer means to sleep */
bool asleep = false;    /* the writer is inside FUTEX_WAIT */
bool finished = false;  /* the writer left its wait */

active proctype Writer()
{
    do
    :: slot == 1 -> break                          /* HasAnnounced */
    :: else ->
        word = ARMED;                              /* GracePeriodFutex.Arm: xchg, a full fence */
#ifndef MUTANT_NO_RECHECK
        if
        :: slot == 1 -> break                      /* the re-read after arming */
        :: else -> skip
        fi;
#endif
        atomic {                                   /* FUTEX_WAIT: sleeps only while the word holds -1 (else EAGAIN) */
            if
            :: word == ARMED -> asleep = true
            :: else -> skip
            fi
        };
        !asleep                                    /* until a FUTEX_WAKE; no backstop in the model */
    od;
    word = 0;                                      /* Disarm */
    finished = true
}

active proctype Reader()
{
    buffered = true;                               /* Announce: the slot store enters the store buffer */
#ifndef MUTANT_NO_READER_FENCE
    atomic { slot = 1; buffered = false };         /* Interlocked.MemoryBarrier: drains it */
#endif
    if
    :: word == ARMED ->                            /* WakeIfArmed */
#ifdef MUTANT_WAKE_NO_DISARM
        asleep = false                             /* FUTEX_WAKE, the word left armed */
#else
        if
        :: atomic { word == ARMED -> word = 0 };   /* compare-exchange -1 -> 0: one reader wakes */
           asleep = false                          /* FUTEX_WAKE */
        :: else -> skip
        fi
#endif
    :: else -> skip
    fi;
    if                                             /* the buffer drains in the end, fence or not */
    :: buffered -> atomic { slot = 1; buffered = false }
    :: else -> skip
    fi
}

/* A store buffer drains on its own too: the slot store may become visible at any point. */
active proctype StoreBuffer()
{
end:                                               /* waiting here with nothing buffered is a valid end */
    atomic { buffered -> slot = 1; buffered = false }
}
