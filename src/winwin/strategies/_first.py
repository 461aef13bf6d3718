FIRST_TOURNAMENT: tuple[str, ...] = ()
