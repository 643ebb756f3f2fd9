/* secbits BITS CMD [ARG]...: set the securebits BITS (0x100 SECBIT_EXEC_RESTRICT_FILE,
 * 0x400 SECBIT_EXEC_DENY_INTERACTIVE; unprivileged processes may set both), exec CMD. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	unsigned long bits;

	if (argc < 3) {
		fprintf(stderr, "usage: %s BITS CMD [ARG]...\n", argv[0]);
		return 2;
	}
	bits = strtoul(argv[1], NULL, 0);
	if (prctl(PR_SET_SECUREBITS, bits, 0, 0, 0) != 0) {
		perror("PR_SET_SECUREBITS");
		return 2;
	}
	execvp(argv[2], argv + 2);
	perror(argv[2]);
	return 127;
}
