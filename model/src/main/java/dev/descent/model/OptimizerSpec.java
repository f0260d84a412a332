package dev.descent.model;

/** The settings of one kind of optimizer; creates the optimizer with fresh state. */
public interface OptimizerSpec extends Component {

    /** A new optimizer for {@code parameters} parameters, stepping at the rates of {@code schedule}. */
    Optimizer create(Schedule schedule, int parameters);
}
