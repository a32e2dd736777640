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
 * Usage: rcu_bench <repeats> <run_ms> <idle_readers>
 *
 * Loop shape (as in the C# bench): each cell is a non-inlined function that runs
 * `ops` operations; `ops` is calibrated so one run lasts about run_ms; every cell is
 * warmed up, then the cells alternate run by run (A B C A B C ...) `repeats` times.
 * _LGPL_SOURCE gives the inlined read side, as liburcu's own benchmarks use it.
 *
 * Output: one line per run, `cell=<name> run=<i> ns_per_op=<value>`, then `done=1`.
 */
#define _GNU_SOURCE
#define _LGPL_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

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

int main(int argc, char **argv)
{
	struct cell cells[MAX_CELLS];
	pthread_t *readers;
	char suffix[32];
	int count = 0, repeats, readers_count;
	uint64_t run_ms;

	if (argc != 4 || (repeats = atoi(argv[1])) < 1 || atoi(argv[2]) < 1 || (readers_count = atoi(argv[3])) < 0) {
		fprintf(stderr, "usage: %s <repeats> <run_ms> <idle_readers>\n", argv[0]);
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

	bench_unregister_thread();
	printf("done=1\n");
	return 0;
}
