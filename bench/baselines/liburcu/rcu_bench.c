/*
 * rcu_bench: liburcu's read-section and synchronize_rcu costs, measured with the
 * same loop shape as `rcuvisor bench` so the two can be put side by side.
 *
 * One source, two binaries (the memb and qsbr headers map the same rcu_* names,
 * so one translation unit cannot include both):
 *
 *   cc -O2 -o rcu_bench_memb rcu_bench.c -lurcu-memb -lpthread
 *   cc -O2 -DRCU_BENCH_QSBR -o rcu_bench_qsbr rcu_bench.c -lurcu-qsbr -lpthread
 *
 * Usage: rcu_bench <repeats> <run_ms> <idle_readers> <busy_readers> <updater_readers>
 *
 * Loop shape (as in the C# bench): each cell is a non-inlined function that runs
 * `ops` operations; `ops` is calibrated so one run lasts about run_ms; every cell is
 * warmed up, then the cells alternate run by run (A B C A B C ...) `repeats` times.
 * _LGPL_SOURCE gives the inlined read side, as liburcu's own benchmarks use it.
 *
 * Two more phases, each with threads of its own (the flavour is global):
 *  - synchronize_rcu while <busy_readers> threads enter and leave read sections in a
 *    loop (qsbr: a quiescent state after each), timed as above;
 *  - liburcu's tests/benchmark/test_urcu shape: <updater_readers> threads loop
 *    read_lock / load the shared pointer / read_unlock (qsbr: a quiescent state every
 *    1024 reads, as test_urcu_qsbr), one updater loops allocate / publish by exchange /
 *    synchronize_rcu / free the old object; each run lasts run_ms (and until every
 *    thread has counted one operation), threads started afresh per run.
 *
 * Output: one line per run, `cell=<flavour>.<name>.readers<N> run=<i> ns_per_op=<value>`
 * (the readers-and-updater runs: `... reads_per_s=<value> updates_per_s=<value>`), then `done=1`.
 */
#define _GNU_SOURCE
#define _LGPL_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

/* The flavour-prefixed API (urcu_memb_*, urcu_qsbr_*), which every liburcu since 0.11 exports. */
#ifdef RCU_BENCH_QSBR
#include <urcu/urcu-qsbr.h>
#define FLAVOUR "qsbr"
#define bench_read_lock urcu_qsbr_read_lock
#define bench_read_unlock urcu_qsbr_read_unlock
#define bench_synchronize urcu_qsbr_synchronize_rcu
#define bench_register_thread urcu_qsbr_register_thread
#define bench_unregister_thread urcu_qsbr_unregister_thread
#else
#include <urcu/urcu-memb.h>
#define FLAVOUR "memb"
#define bench_read_lock urcu_memb_read_lock
#define bench_read_unlock urcu_memb_read_unlock
#define bench_synchronize urcu_memb_synchronize_rcu
#define bench_register_thread urcu_memb_register_thread
#define bench_unregister_thread urcu_memb_unregister_thread
#endif
#include <urcu/pointer.h> /* rcu_dereference, rcu_xchg_pointer: one spelling for both flavours */

#define MAX_CELLS 8
#define NOINLINE __attribute__((noinline))

typedef void (*cell_body)(uint64_t ops);

struct cell {
	const char *name;
	cell_body body;
	uint64_t ops;
};

/* Written by the loops so the compiler cannot drop them as dead code. */
static volatile uint64_t sink;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* The baseline: the loop with nothing in it but the counter the others also keep. */
static NOINLINE void empty_loop(uint64_t ops)
{
	uint64_t i;

	for (i = 0; i < ops; i++)
		__asm__ __volatile__("" ::: "memory"); /* what a read section's compiler barrier costs: nothing */
	sink = i;
}

static NOINLINE void read_section(uint64_t ops)
{
	uint64_t i;

	for (i = 0; i < ops; i++) {
		__asm__ __volatile__("" ::: "memory"); /* as in empty_loop: a qsbr section is no code, and must not vanish */
		bench_read_lock();
		bench_read_unlock();
	}
	sink = i;
}

#ifdef RCU_BENCH_QSBR
static NOINLINE void quiescent_state(uint64_t ops)
{
	uint64_t i;

	for (i = 0; i < ops; i++)
		urcu_qsbr_quiescent_state();
	sink = i;
}
#endif

static NOINLINE void synchronize(uint64_t ops)
{
	uint64_t i;

	for (i = 0; i < ops; i++)
		bench_synchronize();
	sink = i;
}

static double time_run(const struct cell *cell)
{
	uint64_t start = now_ns();

	cell->body(cell->ops);
	return (double)(now_ns() - start) / (double)cell->ops;
}

/* Doubles ops until one run takes at least run_ms; that run is also the first warmup. */
static void calibrate(struct cell *cell, uint64_t run_ms)
{
	uint64_t target = run_ms * 1000000u;

	for (cell->ops = 1;; cell->ops *= 2) {
		uint64_t start = now_ns();

		cell->body(cell->ops);
		if (now_ns() - start >= target || cell->ops >= (1ull << 40))
			return;
	}
}

static void measure(struct cell *cells, int count, int repeats, uint64_t run_ms, const char *suffix)
{
	int c, r;

	for (c = 0; c < count; c++) {
		calibrate(&cells[c], run_ms);
		time_run(&cells[c]); /* one more warmup at the final size */
	}
	for (r = 0; r < repeats; r++)
		for (c = 0; c < count; c++)
			printf("cell=%s.%s%s run=%d ns_per_op=%.4f\n", FLAVOUR, cells[c].name, suffix, r, time_run(&cells[c]));
	fflush(stdout);
}

/* Idle readers: registered with the flavour, never in a read section (qsbr: offline, as a blocked thread must be). */
static pthread_mutex_t idle_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t idle_cond = PTHREAD_COND_INITIALIZER;
static int idle_registered, idle_stop;

static void *idle_reader(void *arg)
{
	(void)arg;
	bench_register_thread();
#ifdef RCU_BENCH_QSBR
	urcu_qsbr_thread_offline();
#endif
	pthread_mutex_lock(&idle_lock);
	idle_registered++;
	pthread_cond_broadcast(&idle_cond);
	while (!idle_stop)
		pthread_cond_wait(&idle_cond, &idle_lock);
	pthread_mutex_unlock(&idle_lock);
#ifdef RCU_BENCH_QSBR
	urcu_qsbr_thread_online();
#endif
	bench_unregister_thread();
	return NULL;
}

static void start_idle_readers(pthread_t *threads, int count)
{
	int i;

	for (i = 0; i < count; i++)
		if (pthread_create(&threads[i], NULL, idle_reader, NULL) != 0) {
			fprintf(stderr, "rcu_bench: pthread_create failed\n");
			exit(1);
		}
	pthread_mutex_lock(&idle_lock);
	while (idle_registered < count)
		pthread_cond_wait(&idle_cond, &idle_lock);
	pthread_mutex_unlock(&idle_lock);
}

static void stop_idle_readers(pthread_t *threads, int count)
{
	int i;

	pthread_mutex_lock(&idle_lock);
	idle_stop = 1;
	pthread_cond_broadcast(&idle_cond);
	pthread_mutex_unlock(&idle_lock);
	for (i = 0; i < count; i++)
		pthread_join(threads[i], NULL);
}

/*
 * Busy readers: read sections back to back until told to stop (qsbr: a quiescent
 * state after each, as the C# bench's QSBR busy reader), so every grace period
 * waits for running readers rather than registered idle ones.
 */
static volatile int busy_stop;
static pthread_mutex_t ready_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready_cond = PTHREAD_COND_INITIALIZER;
static int threads_ready; /* busy readers registered, or readers-and-updater threads waiting for run_go */

/* Each thread says it is set up, so no phase times a grace period before its readers exist. */
static void thread_ready(void)
{
	pthread_mutex_lock(&ready_lock);
	threads_ready++;
	pthread_cond_broadcast(&ready_cond);
	pthread_mutex_unlock(&ready_lock);
}

static void wait_threads_ready(int count)
{
	pthread_mutex_lock(&ready_lock);
	while (threads_ready < count)
		pthread_cond_wait(&ready_cond, &ready_lock);
	threads_ready = 0;
	pthread_mutex_unlock(&ready_lock);
}

static void *busy_reader(void *arg)
{
	(void)arg;
	bench_register_thread();
	thread_ready();
	while (!CMM_LOAD_SHARED(busy_stop)) {
		bench_read_lock();
		bench_read_unlock();
#ifdef RCU_BENCH_QSBR
		urcu_qsbr_quiescent_state();
#endif
	}
	bench_unregister_thread();
	return NULL;
}

static void start_threads(pthread_t *threads, int count, void *(*body)(void *), void *arg)
{
	int i;

	for (i = 0; i < count; i++)
		if (pthread_create(&threads[i], NULL, body, arg) != 0) {
			fprintf(stderr, "rcu_bench: pthread_create failed\n");
			exit(1);
		}
}

static void join_threads(pthread_t *threads, int count)
{
	int i;

	for (i = 0; i < count; i++)
		pthread_join(threads[i], NULL);
}

/*
 * test_urcu's shape (liburcu tests/benchmark/test_urcu.c, test_urcu_qsbr.c): readers
 * dereference one shared pointer in read sections, one updater replaces it, waits
 * for a grace period and frees the old object. Counts are per thread, written once
 * at the end, so the loops share nothing but the pointer and the flags.
 */
struct shared_obj {
	uint64_t value;
};

static struct shared_obj *shared_ptr;
static volatile int run_go, run_stop;
static uint64_t run_updates;
static uint64_t *run_reads; /* one slot per reader, written when it stops */
static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;
static int threads_counting; /* readers and updater that have counted one operation */

static void counted_one(void)
{
	pthread_mutex_lock(&count_lock);
	threads_counting++;
	pthread_mutex_unlock(&count_lock);
}

static void *updater_reader(void *arg)
{
	uint64_t *slot = arg, reads = 0, seen = 0;

	bench_register_thread();
	thread_ready();
	while (!CMM_LOAD_SHARED(run_go))
		caa_cpu_relax();
	while (!CMM_LOAD_SHARED(run_stop)) {
		struct shared_obj *p;

		bench_read_lock();
		p = rcu_dereference(shared_ptr);
		if (p)
			seen += p->value;
		bench_read_unlock();
		if (++reads == 1)
			counted_one();
#ifdef RCU_BENCH_QSBR
		if (!(reads & ((1 << 10) - 1))) /* as test_urcu_qsbr: a quiescent state every 1024 reads */
			urcu_qsbr_quiescent_state();
#endif
	}
	sink += seen;
	*slot = reads;
	bench_unregister_thread();
	return NULL;
}

static void *updater(void *arg)
{
	uint64_t updates = 0;

	(void)arg;
	thread_ready();
	while (!CMM_LOAD_SHARED(run_go))
		caa_cpu_relax();
	while (!CMM_LOAD_SHARED(run_stop)) {
		struct shared_obj *fresh = malloc(sizeof(*fresh)), *old;

		if (!fresh) {
			fprintf(stderr, "rcu_bench: malloc failed\n");
			exit(1);
		}
		fresh->value = 8;
		old = rcu_xchg_pointer(&shared_ptr, fresh);
		bench_synchronize();
		if (old)
			old->value = 0; /* as test_urcu: poison, then free */
		free(old);
		if (++updates == 1)
			counted_one();
	}
	run_updates = updates;
	return NULL;
}

/* One run of `readers` readers and one updater for run_ms (and until every thread has counted one operation). */
static void readers_updater_run(int readers, uint64_t run_ms, int run)
{
	pthread_t *threads = calloc((size_t)readers + 1, sizeof(*threads));
	uint64_t start, elapsed, reads = 0;
	int i;

	run_reads = calloc((size_t)readers, sizeof(*run_reads));
	run_go = run_stop = 0;
	threads_counting = 0;
	for (i = 0; i < readers; i++)
		if (pthread_create(&threads[i], NULL, updater_reader, &run_reads[i]) != 0) {
			fprintf(stderr, "rcu_bench: pthread_create failed\n");
			exit(1);
		}
	start_threads(&threads[readers], 1, updater, NULL);
	wait_threads_ready(readers + 1); /* every reader registered: thread start-up is not part of the run */
	start = now_ns();
	CMM_STORE_SHARED(run_go, 1);
	for (;;) {
		int counting;

		pthread_mutex_lock(&count_lock);
		counting = threads_counting;
		pthread_mutex_unlock(&count_lock);
		if (counting == readers + 1 && now_ns() - start >= run_ms * 1000000u)
			break;
		usleep(100);
	}
	CMM_STORE_SHARED(run_stop, 1);
	elapsed = now_ns() - start;
	join_threads(threads, readers + 1);
	for (i = 0; i < readers; i++)
		reads += run_reads[i];
	printf("cell=%s.readers_updater.readers%d run=%d reads_per_s=%.1f updates_per_s=%.1f\n", FLAVOUR, readers, run,
	       (double)reads * 1e9 / (double)elapsed, (double)run_updates * 1e9 / (double)elapsed);
	fflush(stdout);
	free(run_reads);
	free(threads);
}

int main(int argc, char **argv)
{
	struct cell cells[MAX_CELLS];
	pthread_t *readers;
	char suffix[32];
	int count = 0, repeats, readers_count, busy_count, updater_readers, r;
	uint64_t run_ms;

	if (argc != 6 || (repeats = atoi(argv[1])) < 1 || atoi(argv[2]) < 1 || (readers_count = atoi(argv[3])) < 0
	    || (busy_count = atoi(argv[4])) < 0 || (updater_readers = atoi(argv[5])) < 1) {
		fprintf(stderr, "usage: %s <repeats> <run_ms> <idle_readers> <busy_readers> <updater_readers>\n", argv[0]);
		return 2;
	}
	run_ms = (uint64_t)atoi(argv[2]);
	bench_register_thread();

	/* Phase 1: read side, and grace periods with no other reader. */
	cells[count++] = (struct cell){ "empty_loop", empty_loop, 0 };
	cells[count++] = (struct cell){ "read_section", read_section, 0 };
#ifdef RCU_BENCH_QSBR
	cells[count++] = (struct cell){ "quiescent_state", quiescent_state, 0 };
#endif
	cells[count++] = (struct cell){ "synchronize", synchronize, 0 };
	measure(cells, count, repeats, run_ms, ".readers0");

	/* Phase 2: grace periods with idle registered readers (the flavour is global, so a phase of its own). */
	readers = calloc((size_t)readers_count + 1, sizeof(*readers));
	start_idle_readers(readers, readers_count);
	cells[0] = (struct cell){ "synchronize", synchronize, 0 };
	snprintf(suffix, sizeof(suffix), ".readers%d", readers_count);
	measure(cells, 1, repeats, run_ms, suffix);
	stop_idle_readers(readers, readers_count);
	free(readers);

	/* Phase 3: grace periods while busy readers run. */
	readers = calloc((size_t)busy_count + 1, sizeof(*readers));
	start_threads(readers, busy_count, busy_reader, NULL);
	wait_threads_ready(busy_count);
	cells[0] = (struct cell){ "synchronize_busy", synchronize, 0 };
	snprintf(suffix, sizeof(suffix), ".readers%d", busy_count);
	measure(cells, 1, repeats, run_ms, suffix);
	CMM_STORE_SHARED(busy_stop, 1);
	join_threads(readers, busy_count);
	free(readers);

	/* Phase 4: readers and an updater. This thread only waits: a qsbr thread must be offline for that. */
#ifdef RCU_BENCH_QSBR
	urcu_qsbr_thread_offline();
#endif
	for (r = 0; r < repeats; r++)
		readers_updater_run(updater_readers, run_ms, r);
#ifdef RCU_BENCH_QSBR
	urcu_qsbr_thread_online();
#endif
	free(shared_ptr);

	bench_unregister_thread();
	printf("done=1\n");
	return 0;
}
