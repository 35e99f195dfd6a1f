/*
 * flotilla-netlink [-force] [COMMAND...]: runs the commands given as
 * arguments, or else one per line of stdin, in order. It stops at the first
 * that fails, naming it, and exits 1; with -force (teardown of what may
 * already be gone) it runs every command and exits 0.
 */
#include "netlink.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 0 when done (or failed under -force), -1 when the batch must stop. */
static int run_line(const char *text, int number, int force)
{
	char line[1024], err[512];
	if (strlen(text) >= sizeof(line)) {
		fprintf(stderr, "network setup failed: command %d is too long\n", number);
		return -1;
	}
	strcpy(line, text);
	if (strspn(line, " \t") == strlen(line))
		return 0;
	struct command cmd;
	/* A command we cannot read is a bug, -force or not. */
	if (parse_command(line, &cmd, err, sizeof(err)) < 0) {
		fprintf(stderr, "network setup failed: %s: %s\n", text, err);
		return -1;
	}
	if (run_command(&cmd, err, sizeof(err)) < 0 && !force) {
		fprintf(stderr, "network setup failed: %s: %s\n", text, err);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int first = 1, force = 0;
	if (argc > 1 && !strcmp(argv[1], "-force")) {
		force = 1;
		first = 2;
	}
	int status = 0;
	if (first < argc) {
		for (int i = first; i < argc && status == 0; i++)
			status = run_line(argv[i], i - first + 1, force) < 0;
	} else {
		char line[1024];
		for (int number = 1; status == 0 && fgets(line, sizeof(line), stdin); number++) {
			size_t len = strcspn(line, "\n");
			if (line[len] != '\n' && !feof(stdin)) {
				fprintf(stderr, "network setup failed: line %d is too long\n", number);
				status = 1;
				break;
			}
			line[len] = '\0';
			status = run_line(line, number, force) < 0;
		}
	}
	close_namespaces();
	return status;
}
