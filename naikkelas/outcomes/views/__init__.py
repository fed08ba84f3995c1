"""The outcomes pages, one module per concept: the cohort report (`cohort`), local heroes (`heroes`),
analysis plans (`plans`) and the consumer price index (`prices`)."""
