/*
 * The installed `flotilla` command (dist/cli/flotilla). It starts node on
 * the CLI's V8 start-up snapshot (dist/cli/flotilla.blob) when that node
 * binary is the one that made it, and on the plain modules
 * (dist/cli/main.js) otherwise: a snapshot from another node aborts it.
 *
 * scripts/build-snapshot.mjs leaves beside the blob flotilla.blob.node: the
 * path of the node that made it, with that binary's modification time. The
 * node found on PATH (else that one) uses the blob only if it is the same
 * file with the same time, NODE_OPTIONS is unset (node checks its flags
 * against the blob's) and FLOTILLA_NO_SNAPSHOT is unset.
 *
 * A program rather than a shell script: a shell would add PWD to the CLI's
 * environment, which compose files can read, and costs a few milliseconds.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int set(const char *name)
{
	const char *value = getenv(name);
	return value != NULL && value[0] != '\0';
}

/* The first executable `node` on PATH, as the shell's `command -v` finds it. */
static int node_on_path(char *out, size_t size)
{
	const char *path = getenv("PATH");
	if (path == NULL)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path != '\0') {
		const char *end = strchr(path, ':');
		size_t len = end ? (size_t)(end - path) : strlen(path);
		struct stat st;
		int n = len == 0 ? snprintf(out, size, "./node") : snprintf(out, size, "%.*s/node", (int)len, path);
		if (n > 0 && (size_t)n < size && stat(out, &st) == 0 && S_ISREG(st.st_mode) && access(out, X_OK) == 0)
			return 1;
		path += len;
		if (*path == ':')
			path++;
	}
	return 0;
}

/* The first line of the stamp: the path of the node that made the blob. */
static int stamp_node(const char *stamp, char *out, size_t size)
{
	FILE *f = fopen(stamp, "re");
	if (f == NULL)
		return 0;
	int ok = fgets(out, (int)size, f) != NULL;
	fclose(f);
	if (!ok)
		return 0;
	out[strcspn(out, "\n")] = '\0';
	return out[0] != '\0';
}

/* node is the binary that made the blob: the same file, modified at the same time as the stamp says. */
static int made_blob(const char *node, const char *stamp, const char *built)
{
	struct stat run, made, mark;
	if (stat(node, &run) != 0 || stat(built, &made) != 0 || stat(stamp, &mark) != 0)
		return 0;
	return run.st_dev == made.st_dev && run.st_ino == made.st_ino && run.st_mtim.tv_sec == mark.st_mtim.tv_sec &&
	       run.st_mtim.tv_nsec == mark.st_mtim.tv_nsec;
}

int main(int argc, char **argv)
{
	char dir[PATH_MAX], node[PATH_MAX], built[PATH_MAX], stamp[PATH_MAX + 32], blob[PATH_MAX + 32], modules[PATH_MAX + 32];
	/* Through npm's symbolic link too: the real file's folder. */
	ssize_t n = readlink("/proc/self/exe", dir, sizeof(dir) - 1);
	if (n <= 0) {
		fprintf(stderr, "flotilla: cannot find its own folder: /proc/self/exe: %s\n", strerror(errno));
		return 127;
	}
	dir[n] = '\0';
	*strrchr(dir, '/') = '\0';
	snprintf(stamp, sizeof(stamp), "%s/flotilla.blob.node", dir);
	snprintf(blob, sizeof(blob), "%s/flotilla.blob", dir);
	snprintf(modules, sizeof(modules), "%s/main.js", dir);

	int have_built = stamp_node(stamp, built, sizeof(built));
	if (!node_on_path(node, sizeof(node))) {
		if (!have_built) {
			fputs("flotilla: node is not on PATH\n", stderr);
			return 127;
		}
		strcpy(node, built);
	}
	int snapshot = !set("FLOTILLA_NO_SNAPSHOT") && !set("NODE_OPTIONS") && have_built && access(blob, R_OK) == 0 &&
		       made_blob(node, stamp, built);
	if (!snapshot && getenv("FLOTILLA_DEBUG") != NULL && strcmp(getenv("FLOTILLA_DEBUG"), "1") == 0)
		fputs("flotilla: starting without the start-up snapshot\n", stderr);

	/* node --snapshot-blob BLOB -- ARGS, or node -- main.js ARGS: `--` keeps our flags (--env-file) from node. */
	char **args = calloc((size_t)argc + 4, sizeof(char *));
	if (args == NULL)
		return 127;
	int i = 0;
	args[i++] = node;
	if (snapshot) {
		args[i++] = "--snapshot-blob";
		args[i++] = blob;
		args[i++] = "--";
	} else {
		args[i++] = "--";
		args[i++] = modules;
	}
	for (int a = 1; a < argc; a++)
		args[i++] = argv[a];
	args[i] = NULL;
	execv(node, args);
	fprintf(stderr, "flotilla: cannot run %s: %s\n", node, strerror(errno));
	return 127;
}
