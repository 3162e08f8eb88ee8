import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { GUARANTOR_CODES, ROLES, newUserSchema, type AuthUser, type GuarantorCode, type NewUser, type Role, type UserView } from '@truce-monitor/domain';
import { DamascusTime } from '../../../components/damascus-time';
import { Field, FormActions, FormAlert, Options } from '../../../components/form';
import { StatusMessage } from '../../../components/status-message';
import { sameNames, showApiErrors } from '../../../lib/form-errors';
import { zodFormResolver } from '../../../lib/zod-form';
import { useCreateUser, useSetUserDisabled, useUsers } from '../api/admin-api';
import { ROLE_NAMES } from '../labels';

/** The accounts: who they are, their role, whether they may sign in; create one, disable or enable one. */
export function UsersSection({ me }: { me: AuthUser }) {
  const users = useUsers();
  const toggle = useSetUserDisabled();
  const [problem, setProblem] = useState<{ id: string; message: string } | null>(null);

  return (
    <div className="admin-section">
      <section className="panel" aria-labelledby="users-title" data-testid="admin-users">
        <header className="panel__header">
          <h2 id="users-title">
            Users {users.data && <span className="count">{users.data.length}</span>}
          </h2>
          <span className="muted">Disabling takes effect at once: the account's sessions and live connections are refused.</span>
        </header>
        {users.isPending ? (
          <StatusMessage>Loading the users…</StatusMessage>
        ) : users.isError ? (
          <StatusMessage tone="error" action={{ label: 'Try again', onClick: () => void users.refetch() }}>
            Could not load the users. {users.error.message}
          </StatusMessage>
        ) : (
          <div className="table-scroll">
            <table className="feed-table admin-table">
              <thead>
                <tr>
                  <th scope="col">Username</th>
                  <th scope="col">Role</th>
                  <th scope="col">Guarantor</th>
                  <th scope="col">Created</th>
                  <th scope="col">Status</th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {[...users.data]
                  .sort((a, b) => a.username.localeCompare(b.username))
                  .map((u) => (
                    <UserRow
                      key={u.id}
                      user={u}
                      self={u.id === me.id}
                      busy={toggle.isPending && toggle.variables?.id === u.id}
                      problem={problem?.id === u.id ? problem.message : null}
                      onToggle={() => {
                        setProblem(null);
                        toggle.mutate({ id: u.id, disabled: !u.disabled }, { onError: (error) => setProblem({ id: u.id, message: error.message }) });
                      }}
                    />
                  ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <CreateUserForm />
    </div>
  );
}

function UserRow({ user, self, busy, problem, onToggle }: { user: UserView; self: boolean; busy: boolean; problem: string | null; onToggle: () => void }) {
  return (
    <tr data-testid="user-row" data-username={user.username} data-disabled={user.disabled}>
      <th scope="row">
        {user.username}
        {self && <span className="muted"> (you)</span>}
      </th>
      <td>{ROLE_NAMES[user.role]}</td>
      <td>{user.guarantor ? <span className="guarantor-code">{user.guarantor}</span> : <span className="muted">—</span>}</td>
      <td>
        <DamascusTime iso={user.createdAt} />
      </td>
      <td>
        {user.disabled ? (
          <span className="account account--disabled" data-testid="account-status">
            <span aria-hidden="true">⊘ </span>Disabled
          </span>
        ) : (
          <span className="account account--active" data-testid="account-status">
            <span aria-hidden="true">● </span>Active
          </span>
        )}
      </td>
      <td>
        {self ? (
          <span className="muted">your own account</span>
        ) : (
          <button type="button" className="button button--secondary" onClick={onToggle} disabled={busy} data-testid="toggle-user">
            {user.disabled ? 'Enable' : 'Disable'}
            <span className="visually-hidden"> {user.username}</span>
          </button>
        )}
        {problem && (
          <p className="field-error" role="alert">
            {problem}
          </p>
        )}
      </td>
    </tr>
  );
}

interface UserValues {
  username: string;
  password: string;
  role: Role | '';
  guarantor: GuarantorCode | '';
}

const EMPTY: UserValues = { username: '', password: '', role: '', guarantor: '' };

const userResolver = zodFormResolver(newUserSchema, (v: UserValues) => ({
  username: v.username,
  password: v.password,
  role: (v.role || undefined) as Role,
  guarantor: v.guarantor || null,
}));

function CreateUserForm() {
  const titleId = useId();
  const mutation = useCreateUser();
  const [general, setGeneral] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const { register, handleSubmit, watch, setValue, setError, reset, formState } = useForm<UserValues, unknown, NewUser>({
    resolver: userResolver,
    defaultValues: EMPTY,
  });
  const errors = formState.errors;
  const role = watch('role');

  const onSubmit = handleSubmit((user) => {
    setGeneral([]);
    setDone(null);
    mutation.mutate(user, {
      onSuccess: (created) => {
        reset(EMPTY);
        setDone(`${created.username} can sign in as ${ROLE_NAMES[created.role].toLowerCase()}${created.guarantor ? ` of ${created.guarantor}` : ''}.`);
      },
      onError: (error) => setGeneral(showApiErrors(error, setError, sameNames<UserValues>(['username', 'password', 'role', 'guarantor']))),
    });
  });

  return (
    <form className="panel admin-form" aria-labelledby={titleId} onSubmit={onSubmit} noValidate data-testid="create-user-form">
      <h2 id={titleId}>Create a user</h2>
      <FormAlert messages={general} />
      <div className="form-row">
        <Field label="Username" error={errors.username?.message}>
          {(c) => <input autoComplete="off" {...c} {...register('username')} />}
        </Field>
        <Field label="Password" error={errors.password?.message} hint="At least 12 characters; give it to the user by a safe channel">
          {(c) => <input type="password" autoComplete="new-password" {...c} {...register('password')} />}
        </Field>
      </div>
      <div className="form-row">
        <Field label="Role" error={errors.role ? 'Choose the role.' : undefined}>
          {(c) => (
            <select
              {...c}
              {...register('role', {
                onChange: (e: { target: { value: string } }) => {
                  if (e.target.value !== 'officer') setValue('guarantor', '');
                },
              })}
            >
              <Options empty="Choose…" items={ROLES} value={(r) => r} label={(r) => ROLE_NAMES[r]} />
            </select>
          )}
        </Field>
        <Field
          label="Guarantor"
          error={errors.guarantor ? (role === 'officer' ? 'Choose the guarantor this officer speaks for.' : 'Only an officer has a guarantor.') : undefined} hint={role === 'officer' ? 'The guarantor this officer speaks for' : 'Only officers have one'}>
          {(c) => (
            <select {...c} {...register('guarantor')} disabled={role !== 'officer'}>
              <Options empty="None" items={GUARANTOR_CODES} value={(g) => g} />
            </select>
          )}
        </Field>
      </div>
      <FormActions pending={mutation.isPending} label="Create the user" busyLabel="Creating…" status={done} statusTestId="user-created" />
    </form>
  );
}
